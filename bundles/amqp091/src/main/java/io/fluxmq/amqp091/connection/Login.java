package io.fluxmq.amqp091.connection;

import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The user name and password a client gave in connection.start-ok, by SASL mechanism: PLAIN
 * (RFC 4616: {@code [authzid] NUL user NUL password}) and AMQPLAIN (a field table without its
 * length, holding LOGIN and PASSWORD).
 */
record Login(String mechanism, String username, byte[] password) {
    /** The mechanisms offered in connection.start; EXTERNAL too when the client presented a TLS certificate. */
    static final String MECHANISMS = "PLAIN AMQPLAIN";
    static final String EXTERNAL = "EXTERNAL";

    /**
     * @param certificateUser the username of the client's verified TLS certificate, or null
     */
    static Login parse(String mechanism, byte[] response, String certificateUser) {
        return switch (mechanism) {
            case "PLAIN" -> plain(response);
            case "AMQPLAIN" -> amqplain(response);
            case EXTERNAL -> {
                if (certificateUser == null) {
                    throw new AmqpException(ReplyCode.ACCESS_REFUSED, "EXTERNAL needs a verified TLS client "
                            + "certificate");
                }
                yield new Login(EXTERNAL, certificateUser, null);
            }
            default -> throw new AmqpException(ReplyCode.ACCESS_REFUSED, "unsupported authentication mechanism '"
                    + mechanism + "'; offered: " + MECHANISMS);
        };
    }

    private static Login plain(byte[] r) {
        int first = indexOf(r, 0);
        int second = first < 0 ? -1 : indexOf(r, first + 1);
        if (second < 0) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "malformed PLAIN response");
        }
        String user = new String(r, first + 1, second - first - 1, StandardCharsets.UTF_8);
        return new Login("PLAIN", user, Arrays.copyOfRange(r, second + 1, r.length));
    }

    private static Login amqplain(byte[] r) {
        ByteBuf table = Unpooled.buffer(r.length + 4).writeInt(r.length).writeBytes(r);
        Map<String, Object> fields;
        try {
            fields = FieldTables.readTable(table);
        } catch (AmqpException e) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "malformed AMQPLAIN response");
        } finally {
            table.release();
        }
        String user = FieldTables.string(fields, "LOGIN");
        String password = FieldTables.string(fields, "PASSWORD");
        if (user == null || password == null) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "AMQPLAIN response without LOGIN and PASSWORD");
        }
        return new Login("AMQPLAIN", user, password.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
