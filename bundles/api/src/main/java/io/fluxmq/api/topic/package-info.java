/**
 * Topic names and topic filters with MQTT validation rules, shared by every protocol.
 */
@Export
@Version("1.0.0")
package io.fluxmq.api.topic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
