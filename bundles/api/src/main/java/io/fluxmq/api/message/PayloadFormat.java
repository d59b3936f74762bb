package io.fluxmq.api.message;

/** What the publisher said about its payload (MQTT 5 Payload Format Indicator). */
public enum PayloadFormat {
    /** Unspecified bytes. */
    BYTES,
    /** UTF-8 encoded character data. */
    UTF8
}
