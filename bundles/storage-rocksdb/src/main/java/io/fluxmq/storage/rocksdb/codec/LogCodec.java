package io.fluxmq.storage.rocksdb.codec;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.PendingEntry;

/** Values of the log store's column families; each starts with {@link #VERSION}. */
public final class LogCodec {
    /** The format version of every value written by this class. */
    public static final int VERSION = 1;

    private LogCodec() {
    }

    // log entries: version, appendedAt long, message

    /** An entry value with a placeholder append time, filled in on the writer thread by {@link #withAppendTime}. */
    public static byte[] entry(Message m) {
        ByteWriter out = new ByteWriter(MessageCodec.sizeHint(m) + 9).writeByte(VERSION).writeLong(0);
        MessageCodec.write(out, m);
        return out.toByteArray();
    }

    public static byte[] withAppendTime(byte[] entryValue, long appendedAtMillis) {
        for (int i = 0; i < 8; i++) {
            entryValue[1 + i] = (byte) (appendedAtMillis >>> (56 - 8 * i));
        }
        return entryValue;
    }

    public static LogEntry entry(long offset, byte[] value, String log) {
        ByteReader in = StateCodec.versioned(value, "log entry " + offset + " of " + log);
        long appendedAt = in.readLong();
        Message m = MessageCodec.read(in);
        in.expectEnd();
        return new LogEntry(offset, appendedAt, m);
    }

    // log metadata: version, first offset, next offset

    public static byte[] meta(long first, long next) {
        return new ByteWriter(17).writeByte(VERSION).writeLong(first).writeLong(next).toByteArray();
    }

    /** {first, next}. */
    public static long[] meta(byte[] value, String log) {
        ByteReader in = StateCodec.versioned(value, "log metadata of " + log);
        long first = in.readLong();
        long next = in.readLong();
        in.expectEnd();
        if (first < 0 || next < first) {
            throw in.corrupt("first offset " + first + ", next offset " + next);
        }
        return new long[] {first, next};
    }

    // group offsets: version, offset

    public static byte[] committed(long offset) {
        return new ByteWriter(9).writeByte(VERSION).writeLong(offset).toByteArray();
    }

    public static long committed(byte[] value, String what) {
        ByteReader in = StateCodec.versioned(value, what);
        long offset = in.readLong();
        in.expectEnd();
        return offset;
    }

    // pending entries: version, consumer id string, deliveredAt long, delivery count int

    public static byte[] pending(PendingEntry e) {
        return new ByteWriter(24 + e.consumerId().length() * 3).writeByte(VERSION).writeString(e.consumerId())
                .writeLong(e.deliveredAtMillis()).writeInt(e.deliveryCount()).toByteArray();
    }

    public static PendingEntry pending(long offset, byte[] value, String what) {
        ByteReader in = StateCodec.versioned(value, what);
        PendingEntry e = new PendingEntry(offset, in.readString(), in.readLong(), in.readInt());
        in.expectEnd();
        return e;
    }
}
