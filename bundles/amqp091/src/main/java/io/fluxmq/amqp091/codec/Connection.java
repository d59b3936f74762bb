package io.fluxmq.amqp091.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The methods of the {@code connection} class (class id 10). */
public final class Connection {
    public static final int CLASS_ID = 10;

    private Connection() {
    }

    /** {@code connection.start}: the server proposes a protocol version, mechanisms and locales. */
    public record Start(int versionMajor, int versionMinor, Map<String, Object> serverProperties, String mechanisms,
            String locales) implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code connection.start-ok}: the client picks a mechanism and locale and answers the challenge. */
    public record StartOk(Map<String, Object> clientProperties, String mechanism, byte[] response, String locale)
            implements Method {
        public static final int METHOD_ID = 11;

        @Override
        public boolean equals(Object o) {
            return o instanceof StartOk other
                    && Objects.equals(clientProperties, other.clientProperties)
                    && Objects.equals(mechanism, other.mechanism)
                    && Arrays.equals(response, other.response)
                    && Objects.equals(locale, other.locale);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientProperties, mechanism, Arrays.hashCode(response), locale);
        }

        /** Leaves out the response, which holds credentials. */
        @Override
        public String toString() {
            return "StartOk[clientProperties=" + clientProperties + ", mechanism=" + mechanism + ", response="
                    + Secrets.describe(response) + ", locale=" + locale + "]";
        }
    }

    /** {@code connection.secure}: a further SASL challenge. */
    public record Secure(byte[] challenge) implements Method {
        public static final int METHOD_ID = 20;

        @Override
        public boolean equals(Object o) {
            return o instanceof Secure other && Arrays.equals(challenge, other.challenge);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(challenge);
        }

        @Override
        public String toString() {
            return "Secure[challenge=" + Secrets.describe(challenge) + "]";
        }
    }

    /** {@code connection.secure-ok}: the answer to a further SASL challenge. */
    public record SecureOk(byte[] response) implements Method {
        public static final int METHOD_ID = 21;

        @Override
        public boolean equals(Object o) {
            return o instanceof SecureOk other && Arrays.equals(response, other.response);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(response);
        }

        @Override
        public String toString() {
            return "SecureOk[response=" + Secrets.describe(response) + "]";
        }
    }

    /** {@code connection.tune}: the server's channel-max, frame-max and heartbeat. */
    public record Tune(int channelMax, long frameMax, int heartbeat) implements Method {
        public static final int METHOD_ID = 30;
    }

    /** {@code connection.tune-ok}: the values the client settles on. */
    public record TuneOk(int channelMax, long frameMax, int heartbeat) implements Method {
        public static final int METHOD_ID = 31;
    }

    /** {@code connection.open}: the client opens a virtual host. */
    public record Open(String virtualHost) implements Method {
        public static final int METHOD_ID = 40;
    }

    /** {@code connection.open-ok}. */
    public record OpenOk() implements Method {
        public static final int METHOD_ID = 41;
    }

    /** {@code connection.close}: either peer closes the connection, with the reason. */
    public record Close(int replyCode, String replyText, int failingClassId, int failingMethodId) implements Method {
        public static final int METHOD_ID = 50;
    }

    /** {@code connection.close-ok}. */
    public record CloseOk() implements Method {
        public static final int METHOD_ID = 51;
    }

    /** {@code connection.blocked} (RabbitMQ extension): the server stopped reading publishes. */
    public record Blocked(String reason) implements Method {
        public static final int METHOD_ID = 60;
    }

    /** {@code connection.unblocked} (RabbitMQ extension). */
    public record Unblocked() implements Method {
        public static final int METHOD_ID = 61;
    }

    /** {@code connection.update-secret} (RabbitMQ extension): the client renews its credentials. */
    public record UpdateSecret(byte[] newSecret, String reason) implements Method {
        public static final int METHOD_ID = 70;

        @Override
        public boolean equals(Object o) {
            return o instanceof UpdateSecret other && Arrays.equals(newSecret, other.newSecret)
                    && Objects.equals(reason, other.reason);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(newSecret) + Objects.hashCode(reason);
        }

        @Override
        public String toString() {
            return "UpdateSecret[newSecret=" + Secrets.describe(newSecret) + ", reason=" + reason + "]";
        }
    }

    /** {@code connection.update-secret-ok} (RabbitMQ extension). */
    public record UpdateSecretOk() implements Method {
        public static final int METHOD_ID = 71;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.of(CLASS_ID, Start.METHOD_ID, Start.class,
                    r -> new Start(r.octet(), r.octet(), r.table(), r.longStr(), r.longStr()),
                    (m, w) -> w.octet(m.versionMajor()).octet(m.versionMinor()).table(m.serverProperties())
                            .longStr(m.mechanisms()).longStr(m.locales())),
            MethodType.of(CLASS_ID, StartOk.METHOD_ID, StartOk.class,
                    r -> new StartOk(r.table(), r.shortStr(), r.longBytes(), r.shortStr()),
                    (m, w) -> w.table(m.clientProperties()).shortStr(m.mechanism()).longBytes(m.response())
                            .shortStr(m.locale())),
            MethodType.of(CLASS_ID, Secure.METHOD_ID, Secure.class,
                    r -> new Secure(r.longBytes()),
                    (m, w) -> w.longBytes(m.challenge())),
            MethodType.of(CLASS_ID, SecureOk.METHOD_ID, SecureOk.class,
                    r -> new SecureOk(r.longBytes()),
                    (m, w) -> w.longBytes(m.response())),
            MethodType.of(CLASS_ID, Tune.METHOD_ID, Tune.class,
                    r -> new Tune(r.shortInt(), r.longInt(), r.shortInt()),
                    (m, w) -> w.shortInt(m.channelMax()).longInt(m.frameMax()).shortInt(m.heartbeat())),
            MethodType.of(CLASS_ID, TuneOk.METHOD_ID, TuneOk.class,
                    r -> new TuneOk(r.shortInt(), r.longInt(), r.shortInt()),
                    (m, w) -> w.shortInt(m.channelMax()).longInt(m.frameMax()).shortInt(m.heartbeat())),
            MethodType.of(CLASS_ID, Open.METHOD_ID, Open.class,
                    r -> {
                        Open open = new Open(r.shortStr());
                        r.shortStr(); // reserved-1, capabilities
                        r.bit(); // reserved-2, insist
                        return open;
                    },
                    (m, w) -> w.shortStr(m.virtualHost()).shortStr("").bit(false)),
            MethodType.of(CLASS_ID, OpenOk.METHOD_ID, OpenOk.class,
                    r -> {
                        r.shortStr(); // reserved-1, known-hosts
                        return new OpenOk();
                    },
                    (m, w) -> w.shortStr("")),
            MethodType.of(CLASS_ID, Close.METHOD_ID, Close.class,
                    r -> new Close(r.shortInt(), r.shortStr(), r.shortInt(), r.shortInt()),
                    (m, w) -> w.shortInt(m.replyCode()).shortStr(m.replyText()).shortInt(m.failingClassId())
                            .shortInt(m.failingMethodId())),
            MethodType.empty(CLASS_ID, CloseOk.METHOD_ID, CloseOk.class, new CloseOk()),
            MethodType.of(CLASS_ID, Blocked.METHOD_ID, Blocked.class,
                    r -> new Blocked(r.shortStr()),
                    (m, w) -> w.shortStr(m.reason())),
            MethodType.empty(CLASS_ID, Unblocked.METHOD_ID, Unblocked.class, new Unblocked()),
            MethodType.of(CLASS_ID, UpdateSecret.METHOD_ID, UpdateSecret.class,
                    r -> new UpdateSecret(r.longBytes(), r.shortStr()),
                    (m, w) -> w.longBytes(m.newSecret()).shortStr(m.reason())),
            MethodType.empty(CLASS_ID, UpdateSecretOk.METHOD_ID, UpdateSecretOk.class, new UpdateSecretOk()));
}
