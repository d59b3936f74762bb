package io.fluxmq.api.storage;

import io.fluxmq.api.message.Message;
import java.util.Objects;

/**
 * A will registered by a client, to be published when its connection ends abnormally.
 *
 * @param delayIntervalSeconds MQTT 5 Will Delay Interval; 0 publishes at once
 */
public record WillMessage(String clientId, Message message, long delayIntervalSeconds) {
    public WillMessage {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(message, "message");
    }
}
