package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.storage.rocksdb.codec.Keys;
import io.fluxmq.storage.rocksdb.codec.StateCodec;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The offline queues in the {@code offline} column family. Per client, the key {@code client}
 * holds the queue's metadata (the last sequence handed out and how far the head was removed), and
 * {@code client seq} holds each message. Sequence numbers start at 1 and grow by one per enqueue,
 * so the queue is the key range after the removed head; the metadata outlives an emptied queue, so
 * sequences keep growing across restarts, and goes with the session.
 */
final class OfflineQueues {
    /** Removing more than this many messages at once uses one range tombstone instead of point deletes. */
    static final int RANGE_DELETE_THRESHOLD = 64;

    private final RocksDbEnvironment env;
    private final ColumnFamilyHandle cf;
    /** {lastSequence, removedUpTo} per client; writer thread only. */
    private final WriterCache<long[]> meta;

    OfflineQueues(RocksDbEnvironment env) {
        this.env = env;
        this.cf = env.handle(ColumnFamily.OFFLINE);
        this.meta = new WriterCache<>(10_000, this::load);
    }

    // writer thread

    long enqueue(WriteBatch batch, String client, byte[] value) throws RocksDBException {
        long[] m = meta.get(client);
        long sequence = ++m[0];
        batch.put(cf, Keys.of(client, sequence), value);
        batch.put(cf, Keys.of(client), StateCodec.offlineMeta(m[0], m[1]));
        return sequence;
    }

    /**
     * Appends a message copied from another store with its sequence number; answers why not, or
     * null when it was added. An empty queue moves its head to the copied sequence, so that the
     * queue stays the contiguous key range {@code count} and {@code peek} rely on.
     */
    String enqueueCopy(WriteBatch batch, String client, long sequence, byte[] value) throws RocksDBException {
        long[] m = meta.get(client);
        boolean empty = m[0] == m[1];
        if (sequence <= m[0]) {
            return "the offline queue of client '" + client + "' has handed out sequences up to " + m[0]
                    + "; a copied message cannot have sequence " + sequence;
        }
        if (!empty && sequence != m[0] + 1) {
            return "the offline queue of client '" + client + "' ends at sequence " + m[0]
                    + "; a copied message must follow it, not have sequence " + sequence;
        }
        if (empty) {
            m[1] = sequence - 1;
        }
        m[0] = sequence;
        batch.put(cf, Keys.of(client, sequence), value);
        batch.put(cf, Keys.of(client), StateCodec.offlineMeta(m[0], m[1]));
        return null;
    }

    void removeUpTo(WriteBatch batch, String client, long sequence) throws RocksDBException {
        long[] m = meta.get(client);
        long upTo = Math.min(sequence, m[0]);
        if (upTo <= m[1]) {
            return;
        }
        if (upTo - m[1] > RANGE_DELETE_THRESHOLD) {
            batch.deleteRange(cf, Keys.of(client, m[1] + 1), Keys.of(client, upTo + 1));
        } else {
            for (long s = m[1] + 1; s <= upTo; s++) {
                batch.delete(cf, Keys.of(client, s));
            }
        }
        m[1] = upTo;
        batch.put(cf, Keys.of(client), StateCodec.offlineMeta(m[0], m[1]));
    }

    /** The session's range delete removes the queue and its metadata; sequences may start again. */
    void deleted(String client) {
        meta.put(client, new long[2]);
    }

    void committed() {
        meta.trim();
    }

    void aborted() {
        meta.clear();
    }

    private long[] load(String client) {
        byte[] value = env.readNow("load the offline queue of " + client, db -> db.get(cf, Keys.of(client)));
        return value == null ? new long[2] : StateCodec.offlineMeta(value, client);
    }

    // any thread, through the environment's read guard

    long count(RocksDB db, String client) throws RocksDBException {
        byte[] value = db.get(cf, Keys.of(client));
        if (value == null) {
            return 0;
        }
        long[] m = StateCodec.offlineMeta(value, client);
        return m[0] - m[1];
    }

    List<StoredMessage> peek(RocksDB db, String client, int max) throws RocksDBException {
        List<StoredMessage> out = new ArrayList<>(Math.min(max, 256));
        if (max == 0) {
            return out;
        }
        byte[] value = db.get(cf, Keys.of(client));
        if (value == null) {
            return out;
        }
        long head = StateCodec.offlineMeta(value, client)[1] + 1;
        // Seeking to the head skips the tombstones of removed messages instead of stepping over them.
        Scans.prefix(db, cf, Keys.of(client), Keys.of(client, head), (k, v) -> {
            long sequence = Keys.trailingLong(k, "offline key of " + client);
            out.add(new StoredMessage(sequence, StateCodec.message(v, "offline message " + sequence + " of " + client)));
            return out.size() < max;
        });
        return out;
    }
}
