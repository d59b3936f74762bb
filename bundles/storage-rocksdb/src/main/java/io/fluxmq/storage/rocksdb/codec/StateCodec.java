package io.fluxmq.storage.rocksdb.codec;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.InflightMessage.Direction;
import io.fluxmq.api.storage.InflightMessage.State;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicFilter;
import java.util.Arrays;

/**
 * Values of the state store's column families. Each starts with {@link #VERSION}; enums are
 * stored as explicit codes, never ordinals, so reordering an API enum cannot change what is read.
 */
public final class StateCodec {
    /** The format version of every value written by this class. */
    public static final int VERSION = 1;

    private StateCodec() {
    }

    // sessions: version, protocol string, protocol version int, expiry long, disconnectedAt long

    public static byte[] session(SessionState s) {
        return new ByteWriter(32 + s.protocol().length()).writeByte(VERSION).writeString(s.protocol())
                .writeInt(s.protocolVersion()).writeLong(s.expiryIntervalSeconds())
                .writeLong(s.disconnectedAtMillis()).toByteArray();
    }

    public static SessionState session(String clientId, byte[] value) {
        ByteReader in = versioned(value, "sessions value of " + clientId);
        SessionState s = new SessionState(clientId, in.readString(), in.readInt(), in.readLong(), in.readLong());
        in.expectEnd();
        return s;
    }

    // subscriptions: version, max QoS, flags (bit 0 no local, bit 1 retain as published),
    // retain handling code, subscription identifier varint

    public static byte[] subscriptionOptions(SubscriptionOptions o) {
        return new ByteWriter(12).writeByte(VERSION).writeByte(o.maxQos().value())
                .writeByte((o.noLocal() ? 1 : 0) | (o.retainAsPublished() ? 2 : 0))
                .writeByte(retainHandlingCode(o.retainHandling())).writeVarint(o.subscriptionIdentifier())
                .toByteArray();
    }

    public static Subscription subscription(String filterText, byte[] value) {
        ByteReader in = versioned(value, "subscriptions value of " + filterText);
        int qos = in.readByte();
        int flags = in.readByte();
        int handling = in.readByte();
        int identifier = in.readVarint();
        in.expectEnd();
        if (qos > 2 || flags > 3 || handling > 2 || identifier > 268_435_455) {
            throw in.corrupt("option out of range");
        }
        try {
            return new Subscription(TopicFilter.of(filterText), new SubscriptionOptions(QoS.of(qos),
                    (flags & 1) != 0, (flags & 2) != 0, retainHandling(handling), identifier));
        } catch (InvalidTopicException e) {
            throw new CorruptRecordException("subscriptions key holds an invalid filter: " + e.getMessage(), e);
        }
    }

    // inflight: version, order long, state code, message present, message

    public static int directionCode(Direction d) {
        return d == Direction.OUTBOUND ? 0 : 1;
    }

    public static Direction direction(int code, ByteReader in) {
        return switch (code) {
            case 0 -> Direction.OUTBOUND;
            case 1 -> Direction.INBOUND;
            default -> throw in.corrupt("direction code " + code);
        };
    }

    /** The inflight value with a placeholder order: the writer thread fills it in with {@link #withOrder}. */
    public static byte[] inflight(InflightMessage m) {
        ByteWriter out = new ByteWriter(m.message() == null ? 16 : MessageCodec.sizeHint(m.message()) + 16);
        out.writeByte(VERSION).writeLong(0).writeByte(stateCode(m.state())).writeBoolean(m.message() != null);
        if (m.message() != null) {
            MessageCodec.write(out, m.message());
        }
        return out.toByteArray();
    }

    /** Sets the order field of an inflight value in place (bytes 1..8). */
    public static byte[] withOrder(byte[] inflightValue, long order) {
        for (int i = 0; i < 8; i++) {
            inflightValue[1 + i] = (byte) (order >>> (56 - 8 * i));
        }
        return inflightValue;
    }

    /** The order field of an inflight value. */
    public static long inflightOrder(byte[] value) {
        ByteReader in = versioned(value, "inflight value");
        return in.readLong();
    }

    public static InflightMessage inflight(byte[] key, int prefixLength, byte[] value) {
        ByteReader k = new ByteReader(key, prefixLength, "inflight key");
        Direction direction = direction(k.readByte(), k);
        int packetId = k.readInt();
        k.expectEnd();
        ByteReader in = versioned(value, "inflight value of packet " + packetId);
        in.readLong();
        State state = state(in.readByte(), in);
        Message message = in.readBoolean() ? MessageCodec.read(in) : null;
        in.expectEnd();
        return new InflightMessage(packetId, direction, state, message);
    }

    // retained, offline messages and wills: version, [will delay long], message

    public static byte[] message(Message m) {
        ByteWriter out = new ByteWriter(MessageCodec.sizeHint(m) + 1).writeByte(VERSION);
        MessageCodec.write(out, m);
        return out.toByteArray();
    }

    public static Message message(byte[] value, String what) {
        ByteReader in = versioned(value, what);
        Message m = MessageCodec.read(in);
        in.expectEnd();
        return m;
    }

    public static byte[] will(long delaySeconds, Message m) {
        ByteWriter out = new ByteWriter(MessageCodec.sizeHint(m) + 9).writeByte(VERSION).writeLong(delaySeconds);
        MessageCodec.write(out, m);
        return out.toByteArray();
    }

    public static WillMessage will(String clientId, byte[] value) {
        ByteReader in = versioned(value, "wills value of " + clientId);
        long delay = in.readLong();
        Message m = MessageCodec.read(in);
        in.expectEnd();
        return new WillMessage(clientId, m, delay);
    }

    // offline queue metadata: version, last sequence handed out, removed up to (inclusive)

    public static byte[] offlineMeta(long lastSequence, long removedUpTo) {
        return new ByteWriter(17).writeByte(VERSION).writeLong(lastSequence).writeLong(removedUpTo).toByteArray();
    }

    /** {lastSequence, removedUpTo}. */
    public static long[] offlineMeta(byte[] value, String clientId) {
        ByteReader in = versioned(value, "offline metadata of " + clientId);
        long last = in.readLong();
        long removed = in.readLong();
        in.expectEnd();
        if (removed > last || removed < 0) {
            throw in.corrupt("removed up to " + removed + " beyond last sequence " + last);
        }
        return new long[] {last, removed};
    }

    // definitions: version, the record's bytes as given (the key holds namespace and key)

    public static byte[] definition(byte[] record) {
        byte[] value = new byte[record.length + 1];
        value[0] = (byte) VERSION;
        System.arraycopy(record, 0, value, 1, record.length);
        return value;
    }

    public static byte[] definition(byte[] value, String what) {
        ByteReader in = versioned(value, what);
        return Arrays.copyOfRange(value, in.position(), value.length);
    }

    /** A reader positioned after the version byte, which must be {@link #VERSION}. */
    static ByteReader versioned(byte[] value, String what) {
        ByteReader in = new ByteReader(value, what);
        int version = in.readByte();
        if (version != VERSION) {
            throw in.corrupt("format version " + version + " (this bundle reads version " + VERSION + ")");
        }
        return in;
    }

    private static int stateCode(State s) {
        return switch (s) {
            case AWAITING_PUBACK -> 0;
            case AWAITING_PUBREC -> 1;
            case AWAITING_PUBCOMP -> 2;
            case AWAITING_PUBREL -> 3;
        };
    }

    private static State state(int code, ByteReader in) {
        return switch (code) {
            case 0 -> State.AWAITING_PUBACK;
            case 1 -> State.AWAITING_PUBREC;
            case 2 -> State.AWAITING_PUBCOMP;
            case 3 -> State.AWAITING_PUBREL;
            default -> throw in.corrupt("inflight state code " + code);
        };
    }

    private static int retainHandlingCode(RetainHandling h) {
        return switch (h) {
            case SEND_ON_SUBSCRIBE -> 0;
            case SEND_IF_NEW_SUBSCRIPTION -> 1;
            case DO_NOT_SEND -> 2;
        };
    }

    private static RetainHandling retainHandling(int code) {
        return switch (code) {
            case 0 -> RetainHandling.SEND_ON_SUBSCRIBE;
            case 1 -> RetainHandling.SEND_IF_NEW_SUBSCRIPTION;
            default -> RetainHandling.DO_NOT_SEND;
        };
    }
}
