/**
 * Running listeners, published as {@link io.fluxmq.api.server.ProtocolServer} services for management.
 */
@Export
@Version("1.1.0")
package io.fluxmq.api.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
