package io.fluxmq.amqp091.codec;

/** Describes credentials in {@code toString} without showing them. */
final class Secrets {
    private Secrets() {
    }

    static String describe(byte[] secret) {
        return secret == null ? "null" : "(" + secret.length + " bytes)";
    }
}
