package io.fluxmq.api.message;

import java.util.Objects;

/**
 * A name/value pair attached by the application (MQTT 5 user property, AMQP application
 * property). Names may repeat; the order of a message's properties is significant and kept.
 */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
