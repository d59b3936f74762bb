/**
 * The MQTT 3.1.1 and 5.0 packet model: one immutable type per control packet, the MQTT 5
 * properties, reason codes and protocol versions. Produced by {@link io.fluxmq.mqtt.codec.MqttDecoder}
 * and consumed by {@link io.fluxmq.mqtt.codec.MqttEncoder}; no broker logic.
 *
 * <p>Every type is immutable except {@link io.fluxmq.mqtt.codec.packet.PublishPacket}, whose payload
 * is a reference-counted Netty buffer: whoever holds a PUBLISH owns one reference and must release
 * it (see that class).
 */
@Export
@Version("1.0.0")
package io.fluxmq.mqtt.codec.packet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
