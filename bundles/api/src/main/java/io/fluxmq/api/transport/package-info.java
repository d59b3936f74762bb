/**
 * The seam between network listeners and protocols: a listener (TCP, TLS, WebSocket) accepts a
 * connection and hands its Netty channel to the {@link io.fluxmq.api.transport.ProtocolHandler}
 * of the protocol it carries. This package uses Netty types; Netty is a platform bundle of the
 * distribution, so it is always present when this package is used.
 */
@Export
@Version("1.3.0")
package io.fluxmq.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
