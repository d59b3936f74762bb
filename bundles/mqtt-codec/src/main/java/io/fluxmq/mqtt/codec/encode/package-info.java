/**
 * Per-packet, per-version encoding behind {@link io.fluxmq.mqtt.codec.MqttEncoder}: every encoder
 * computes the exact size first, so buffers are allocated once at their final size. Private to
 * the bundle.
 */
package io.fluxmq.mqtt.codec.encode;
