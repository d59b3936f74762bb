/**
 * Broker events and their listeners (webhooks, telemetry, the console).
 */
@Export
@Version("1.0.0")
package io.fluxmq.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
