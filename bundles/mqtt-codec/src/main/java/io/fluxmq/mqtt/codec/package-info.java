/**
 * The MQTT 3.1.1 / 5.0 codec for Netty pipelines: {@link io.fluxmq.mqtt.codec.MqttDecoder} (one per
 * channel), {@link io.fluxmq.mqtt.codec.MqttEncoder}, and {@link io.fluxmq.mqtt.codec.MqttDecodeFailure},
 * what the decoder emits instead of throwing. The packet model is in
 * {@link io.fluxmq.mqtt.codec.packet}.
 */
@Export
@Version("1.0.0")
package io.fluxmq.mqtt.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
