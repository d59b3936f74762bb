package io.fluxmq.amqp091.exchange;

import java.util.Locale;

/** The exchange types of AMQP 0.9.1 and how each picks bindings. */
public enum ExchangeType {
    DIRECT,
    FANOUT,
    TOPIC,
    HEADERS;

    /** The type named in exchange.declare, or null when there is no such type. */
    public static ExchangeType of(String name) {
        for (ExchangeType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
