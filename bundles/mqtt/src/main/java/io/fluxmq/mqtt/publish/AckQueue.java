package io.fluxmq.mqtt.publish;

import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.connection.MqttConnection;
import java.util.ArrayDeque;

/**
 * Sends PUBACKs and PUBRECs in the order the PUBLISHes came (section 4.6), although some wait for
 * the state store and others do not. Confined to the connection's event loop.
 */
final class AckQueue {
    private final MqttConnection c;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>(1); // grows with use; small while idle
    private int pendingQos1;

    AckQueue(MqttConnection c) {
        this.c = c;
    }

    static final class Entry {
        private final boolean qos1;
        private MqttPacket ack;

        private Entry(boolean qos1) {
            this.qos1 = qos1;
        }
    }

    Entry add(boolean qos1) {
        Entry e = new Entry(qos1);
        if (qos1) {
            pendingQos1++;
        }
        queue.add(e);
        return e;
    }

    /** Sends an ack now, after any that are still waiting. */
    void send(MqttPacket ack) {
        complete(add(false), ack);
    }

    void complete(Entry e, MqttPacket ack) {
        e.ack = ack;
        while (!queue.isEmpty() && queue.peek().ack != null) {
            Entry head = queue.poll();
            if (head.qos1) {
                pendingQos1--;
            }
            c.send(head.ack);
        }
    }

    /** QoS 1 PUBLISHes not yet acknowledged: they count against the Receive Maximum. */
    int pendingQos1() {
        return pendingQos1;
    }
}
