package io.fluxmq.mqtt.queue;

import io.fluxmq.mqtt.codec.packet.ReasonCode;

/** The answer to a PUBLISH on a {@code $queue/} topic: the ack's reason code and reason string (null for none). */
public record PublishOutcome(ReasonCode code, String reason) {
    static final PublishOutcome OK = new PublishOutcome(ReasonCode.SUCCESS, null);

    static PublishOutcome refused(ReasonCode code, String reason) {
        return new PublishOutcome(code, reason);
    }
}
