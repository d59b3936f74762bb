package io.fluxmq.mqtt.publish;

import java.util.BitSet;

/**
 * The packet identifiers the broker uses towards one client (MQTT-2.2.1-3: unique among its
 * unacknowledged PUBLISHes). Confined to the connection's event loop.
 */
final class PacketIds {
    /** Grows with the identifiers in use: sized for all 65,535 it cost 8 KB per connection (idle RSS). */
    private final BitSet used = new BitSet();
    private int next = 1;

    /** A free identifier, or 0 when all 65,535 are in use. */
    int next() {
        for (int i = 0; i < 65_535; i++) {
            int id = next;
            next = next == 65_535 ? 1 : next + 1;
            if (!used.get(id)) {
                used.set(id);
                return id;
            }
        }
        return 0;
    }

    /** Marks an identifier restored from a resumed session. */
    void use(int id) {
        used.set(id);
    }

    void free(int id) {
        used.clear(id);
    }
}
