/**
 * Persistence contracts: {@link io.fluxmq.api.storage.StateStore} for broker state and {@link io.fluxmq.api.storage.LogStore} for queue logs.
 */
@Export
@Version("1.2.0")
package io.fluxmq.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
