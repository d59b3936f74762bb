/**
 * Per-packet, per-version decoding behind {@link io.fluxmq.mqtt.codec.MqttDecoder}: a bounded
 * reader over one packet's bytes, strict UTF-8, MQTT 5 properties, and one decoder per packet
 * family. Every rule broken throws {@link io.fluxmq.mqtt.codec.decode.MqttDecodeException} naming the
 * normative statement. Private to the bundle.
 */
package io.fluxmq.mqtt.codec.decode;
