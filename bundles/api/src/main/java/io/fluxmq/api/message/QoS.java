package io.fluxmq.api.message;

/** Delivery guarantee of a message or a subscription, numbered as in MQTT. */
public enum QoS {
    AT_MOST_ONCE(0),
    AT_LEAST_ONCE(1),
    EXACTLY_ONCE(2);

    private static final QoS[] BY_VALUE = values();

    private final int value;

    QoS(int value) {
        this.value = value;
    }

    /** The wire value: 0, 1 or 2. */
    public int value() {
        return value;
    }

    /**
     * @throws IllegalArgumentException for anything but 0, 1 or 2
     */
    public static QoS of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + value);
        }
        return BY_VALUE[value];
    }

    /** The lower of the two, as used for subscription downgrade (MQTT-3.8.4-8). */
    public QoS min(QoS other) {
        return value <= other.value ? this : other;
    }
}
