package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.storage.rocksdb.codec.Keys;
import io.fluxmq.storage.rocksdb.codec.StateCodec;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Inflight exchanges in the {@code inflight} column family, keyed {@code client direction packetId}.
 * The value carries an order number: a new exchange gets one more than the client's highest, a
 * replacement keeps its own, so loading sorts by it to resend in the original order. The writer
 * keeps each active client's order numbers in memory, loaded from the client's keys on first use.
 */
final class InflightExchanges {
    private final RocksDbEnvironment env;
    private final ColumnFamilyHandle cf;
    private final WriterCache<Orders> orders;

    /** A client's order numbers by exchange; writer thread only. */
    static final class Orders {
        private Map<Long, Long> byExchange = Map.of(); // most clients never have one: no map for them
        long next;

        Long get(long exchange) {
            return byExchange.get(exchange);
        }

        void put(long exchange, long order) {
            if (!(byExchange instanceof HashMap)) {
                byExchange = new HashMap<>();
            }
            byExchange.put(exchange, order);
        }

        void remove(long exchange) {
            if (!byExchange.isEmpty()) {
                byExchange.remove(exchange);
            }
        }
    }

    InflightExchanges(RocksDbEnvironment env) {
        this.env = env;
        this.cf = env.handle(ColumnFamily.INFLIGHT);
        this.orders = new WriterCache<>(10_000, this::load);
    }

    // writer thread

    void save(WriteBatch batch, String client, int directionCode, int packetId, byte[] value) throws RocksDBException {
        Orders o = orders.get(client);
        long exchange = exchange(directionCode, packetId);
        Long order = o.get(exchange);
        if (order == null) {
            order = o.next++;
            o.put(exchange, order);
        }
        batch.put(cf, Keys.inflight(client, directionCode, packetId), StateCodec.withOrder(value, order));
    }

    void delete(WriteBatch batch, String client, int directionCode, int packetId) throws RocksDBException {
        // Loaded even for a delete: a save later in this batch must not find the exchange in the database.
        orders.get(client).remove(exchange(directionCode, packetId));
        batch.delete(cf, Keys.inflight(client, directionCode, packetId));
    }

    void deleted(String client) {
        orders.put(client, new Orders());
    }

    void committed() {
        orders.trim();
    }

    void aborted() {
        orders.clear();
    }

    private Orders load(String client) {
        byte[] prefix = Keys.of(client);
        return env.readNow("load the inflight exchanges of " + client, db -> {
            Orders o = new Orders();
            Scans.prefix(db, cf, prefix, null, (k, v) -> {
                InflightMessage m = StateCodec.inflight(k, prefix.length, v);
                long order = StateCodec.inflightOrder(v);
                o.put(exchange(StateCodec.directionCode(m.direction()), m.packetId()), order);
                o.next = Math.max(o.next, order + 1);
                return true;
            });
            return o;
        });
    }

    private static long exchange(int directionCode, int packetId) {
        return ((long) directionCode << 32) | (packetId & 0xFFFF_FFFFL);
    }

    // any thread, through the environment's read guard

    List<InflightMessage> load(RocksDB db, String client) throws RocksDBException {
        byte[] prefix = Keys.of(client);
        List<long[]> order = new ArrayList<>();
        List<InflightMessage> found = new ArrayList<>();
        Scans.prefix(db, cf, prefix, null, (k, v) -> {
            order.add(new long[] {StateCodec.inflightOrder(v), found.size()});
            found.add(StateCodec.inflight(k, prefix.length, v));
            return true;
        });
        order.sort(Comparator.comparingLong(o -> o[0]));
        List<InflightMessage> sorted = new ArrayList<>(found.size());
        for (long[] o : order) {
            sorted.add(found.get((int) o[1]));
        }
        return sorted;
    }
}
