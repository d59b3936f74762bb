/**
 * The protocol-agnostic {@link io.fluxmq.api.queue.QueueManager} and the {@link io.fluxmq.api.queue.QueueType} SPI.
 */
@Export
@Version("1.2.0")
package io.fluxmq.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
