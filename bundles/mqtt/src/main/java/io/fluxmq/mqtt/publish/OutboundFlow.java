package io.fluxmq.mqtt.publish;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.queue.QueueSettlement;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.StoreFailures;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages from the broker to one client: packet identifiers, the inflight window bounded by the
 * client's Receive Maximum (MQTT-3.3.4-9), the QoS 1 and 2 flows (sections 4.3.2, 4.3.3), outbound
 * topic aliases, the client's Maximum Packet Size (MQTT-3.1.2-25), resending on resume
 * (MQTT-4.4.0-1) and the hand-over of a persistent session's offline queue. A persistent session's
 * inflight exchanges are mirrored in the state store. Confined to the connection's event loop.
 */
public final class OutboundFlow {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundFlow.class);
    private static final AtomicLong TOO_LARGE = new AtomicLong();
    private static final AtomicLong OVERFLOWS = new AtomicLong();
    private static final AtomicLong SLOW = new AtomicLong();
    private static final int DRAIN_BATCH = 100;

    private final MqttConnection c;
    private final MqttBroker broker;
    private final Session session;
    private final Map<Integer, Inflight> inflight = new LinkedHashMap<>();
    // sized for an idle connection, they grow with use
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>(1);
    /** Stored exchanges of a resumed session not resent yet: the new connection's window was full. */
    private final ArrayDeque<InflightMessage> unsent = new ArrayDeque<>(1);
    private final PacketIds ids = new PacketIds();
    private final OutboundTopicAliases aliases;
    private final int window;
    private long waitingBytes;
    private boolean draining;

    /**
     * One unacknowledged PUBLISH, or after PUBREC its PUBREL ({@code outgoing} null); a queue
     * delivery keeps its settlement to the end.
     */
    private record Inflight(Outgoing outgoing, QoS qos, boolean released, QueueSettlement queue) {
        Inflight(Outgoing outgoing, QoS qos, boolean released) {
            this(outgoing, qos, released, outgoing == null ? null : outgoing.queue());
        }
    }

    public OutboundFlow(MqttConnection c) {
        this.c = c;
        this.broker = c.broker();
        this.session = c.session();
        this.aliases = new OutboundTopicAliases(c.isMqtt5() ? c.client().topicAliasMaximum() : 0);
        // MQTT 3.1.1 clients have no Receive Maximum (65,535 by default): the broker's bound applies
        this.window = Math.min(c.client().receiveMaximum(), broker.settings().maxInflight());
    }

    /** Sends now, or queues while the client's window is full. */
    public void send(Outgoing o) {
        if (o.message().isExpired(System.currentTimeMillis())) {
            broker.dropped(session.clientId(), o.message().topic().value(), "expired"); // MQTT-3.3.2-5
            if (o.queue() != null) {
                o.queue().completed(); // expired: done with, like a delivered one
            }
            return;
        }
        boolean writable = c.channel().isWritable();
        if (o.message().qos() == QoS.AT_MOST_ONCE) {
            if (o.queue() != null) {
                if (writable && write(o, 0, false)) {
                    o.queue().completed();
                } else {
                    o.queue().abandoned(); // the queue keeps it for another delivery
                }
            } else if (writable) {
                write(o, 0, false);
            } else {
                slowClientDrop(o); // section 4.3.1: at most once, so it may be lost
            }
            return;
        }
        if (!writable || !waiting.isEmpty() || !unsent.isEmpty() || inflight.size() >= window) {
            queue(o);
            return;
        }
        start(o);
    }

    /**
     * Holds a QoS 1 or 2 message until the window has room, within the session's message and byte
     * limits; a full queue applies the overflow policy and counts the drop.
     */
    private void queue(Outgoing o) {
        var settings = broker.settings();
        int size = o.size();
        if (o.queue() != null) {
            waiting.add(o); // bounded by the queue's credit, which is the window
            waitingBytes += size;
            return;
        }
        if (waiting.size() >= settings.maxOfflineMessages() || waitingBytes + size > settings.maxOfflineBytes()) {
            if (settings.overflowPolicy() == OverflowPolicy.REJECT_NEW || size > settings.maxOfflineBytes()) {
                overflow(o.message().topic().value(), "the new message was dropped");
                return;
            }
            while (!waiting.isEmpty() && (waiting.size() >= settings.maxOfflineMessages()
                    || waitingBytes + size > settings.maxOfflineBytes())) {
                Outgoing oldest = poll();
                overflow(oldest.message().topic().value(), "the oldest message was dropped");
            }
        }
        waiting.add(o);
        waitingBytes += size;
    }

    private void slowClientDrop(Outgoing o) {
        broker.stats().slowClientDropped();
        broker.events().dropped(session.clientId(), o.message().topic().value(), "slow client");
        long n = SLOW.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn("MQTT-4004 client '{}' reads slower than it is sent to ({} bytes are waiting to be written); QoS 0 "
                    + "messages to it are dropped, e.g. on '{}' ({} such message(s) so far)", session.clientId(),
                    c.channel().unsafe().outboundBuffer() == null ? 0
                            : c.channel().unsafe().outboundBuffer().totalPendingWriteBytes(), o.message().topic(), n);
        }
    }

    private Outgoing poll() {
        Outgoing o = waiting.poll();
        waitingBytes -= o.size();
        return o;
    }

    private void overflow(String topic, String what) {
        broker.dropped(session.clientId(), topic, "queue full");
        long n = OVERFLOWS.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            var s = broker.settings();
            LOG.warn("MQTT-4001 the queue of client '{}' is full ({} messages or {} bytes, policy {}): {} ({}); {} "
                    + "overflow(s) so far", session.clientId(), s.maxOfflineMessages(), s.maxOfflineBytes(),
                    s.overflowPolicy(), what, topic, n);
        }
    }

    private void start(Outgoing o) {
        int id = ids.next();
        if (id == 0) {
            queue(o);
            return;
        }
        QoS qos = o.message().qos();
        if (!fits(o, id)) {
            ids.free(id); // discarded as if sent (MQTT-3.1.2-25)
            if (o.queue() != null) {
                o.queue().abandoned();
            }
            return;
        }
        inflight.put(id, new Inflight(o, qos, false));
        if (session.isPersistent() && o.queue() == null) {
            StoreFailures.logged(broker.store().saveInflight(session.clientId(), new InflightMessage(id,
                    InflightMessage.Direction.OUTBOUND, qos == QoS.AT_LEAST_ONCE ? InflightMessage.State.AWAITING_PUBACK
                            : InflightMessage.State.AWAITING_PUBREC, o.toStored())),
                    "save an outbound exchange of client '" + session.clientId() + "'");
        }
        write(o, id, false);
    }

    private boolean fits(Outgoing o, int id) {
        if (!c.client().limitsPacketSize()) {
            return true;
        }
        String topic = o.message().topic().value();
        Integer existing = aliases.existing(topic);
        Integer alias = existing != null ? existing : aliases.candidate();
        int packetId = o.message().qos() == QoS.AT_MOST_ONCE ? 0 : id;
        PublishPacket probe = MqttMessages.toPacket(o, existing != null ? "" : topic, alias, packetId, false,
                c.version(), 0);
        try {
            if (MqttEncoder.encodedSize(probe, c.version()) <= c.client().maximumPacketSize()) {
                return true;
            }
        } finally {
            probe.release();
        }
        broker.dropped(session.clientId(), topic, "larger than the client's maximum packet size");
        long n = TOO_LARGE.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.info("MQTT-4002 a message on '{}' is larger than client '{}' accepts ({} bytes); not sent to it "
                    + "({} such message(s) so far)", o.message().topic(), session.clientId(),
                    c.client().maximumPacketSize(), n);
        }
        return false;
    }

    /**
     * Writes a PUBLISH, with a topic alias when the client allows them (section 3.3.2.3.4).
     *
     * @return false when a QoS 0 message was too large for the client and not written
     */
    private boolean write(Outgoing o, int id, boolean dup) {
        if (id == 0 && !fits(o, 0)) {
            return false;
        }
        String topic = o.message().topic().value();
        Integer alias = aliases.existing(topic);
        String topicField = topic;
        if (alias != null) {
            topicField = "";
        } else {
            alias = aliases.candidate();
            if (alias != null) {
                aliases.commit(topic, alias);
            }
        }
        PublishPacket packet = MqttMessages.toPacket(o, topicField, alias, id, dup, c.version(),
                System.currentTimeMillis());
        broker.stats().messageSent();
        c.sendPublish(packet);
        return true;
    }

    public void onPubAck(PubAckPacket p) {
        Inflight f = inflight.get(p.packetId());
        if (f != null && f.qos == QoS.AT_LEAST_ONCE) {
            finish(p.packetId());
        }
    }

    public void onPubRec(PubRecPacket p) {
        int id = p.packetId();
        Inflight f = inflight.get(id);
        if (f == null || f.qos != QoS.EXACTLY_ONCE) {
            c.send(new PubRelPacket(id, c.isMqtt5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS,
                    io.fluxmq.mqtt.codec.packet.MqttProperties.EMPTY));
            return;
        }
        if (p.reasonCode().isError()) {
            finish(id); // the client refused it: the exchange ends without PUBREL (MQTT-4.3.3-4 note)
            return;
        }
        if (!f.released) {
            inflight.put(id, new Inflight(null, QoS.EXACTLY_ONCE, true, f.queue));
            if (session.isPersistent() && f.queue == null) {
                StoreFailures.logged(broker.store().saveInflight(session.clientId(), new InflightMessage(id,
                        InflightMessage.Direction.OUTBOUND, InflightMessage.State.AWAITING_PUBCOMP, null)),
                        "save an outbound exchange of client '" + session.clientId() + "'");
            }
        }
        c.send(new PubRelPacket(id)); // MQTT-4.3.3-4
    }

    public void onPubComp(PubCompPacket p) {
        Inflight f = inflight.get(p.packetId());
        if (f != null && f.released) {
            finish(p.packetId());
        }
    }

    private void finish(int id) {
        Inflight f = inflight.remove(id);
        ids.free(id);
        if (f != null && f.queue != null) {
            f.queue.completed();
        } else if (session.isPersistent()) {
            StoreFailures.logged(broker.store().deleteInflight(session.clientId(), id,
                    InflightMessage.Direction.OUTBOUND), "delete an outbound exchange of client '"
                    + session.clientId() + "'");
        }
        pump();
    }

    private void pump() {
        resendUnsent(0);
        while (unsent.isEmpty() && !waiting.isEmpty() && inflight.size() < window && c.channel().isWritable()) {
            start(poll());
        }
        drainOffline();
    }

    /** The channel is writable again: what waited goes out, as far as the window allows. */
    public void resume() {
        pump();
    }

    /**
     * Resends a resumed session's unfinished exchanges, in their order, with DUP (MQTT-4.4.0-1).
     * The new connection's limits apply, not the old one's: PUBLISH packets beyond its Receive
     * Maximum wait, with their packet identifiers, until acknowledgements make room
     * (MQTT-3.3.4-9), and a message larger than its Maximum Packet Size is discarded as if sent
     * (MQTT-3.1.2-25). PUBRELs all go at once: their exchanges count in the window already.
     */
    public void resend(List<InflightMessage> stored) {
        int releases = 0;
        for (InflightMessage m : stored) {
            if (m.direction() == InflightMessage.Direction.OUTBOUND && isRelease(m)) {
                releases++;
            }
        }
        for (InflightMessage m : stored) {
            if (m.direction() != InflightMessage.Direction.OUTBOUND) {
                continue;
            }
            int id = m.packetId();
            ids.use(id);
            if (isRelease(m)) {
                inflight.put(id, new Inflight(null, QoS.EXACTLY_ONCE, true));
                c.send(new PubRelPacket(id));
                releases--;
            } else {
                unsent.add(m);
                resendUnsent(releases);
            }
        }
    }

    private static boolean isRelease(InflightMessage m) {
        return m.state() == InflightMessage.State.AWAITING_PUBCOMP || m.message() == null;
    }

    /** @param reserved room kept for PUBRELs still to be resent */
    private void resendUnsent(int reserved) {
        while (!unsent.isEmpty() && inflight.size() + reserved < window) {
            InflightMessage m = unsent.poll();
            int id = m.packetId();
            Outgoing o = Outgoing.fromStored(m.message());
            if (!fits(o, id)) {
                ids.free(id);
                if (session.isPersistent()) {
                    StoreFailures.logged(broker.store().deleteInflight(session.clientId(), id,
                            InflightMessage.Direction.OUTBOUND), "delete an outbound exchange of client '"
                            + session.clientId() + "'");
                }
                continue;
            }
            inflight.put(id, new Inflight(o, o.message().qos(), false));
            write(o, id, true);
        }
    }

    /**
     * Moves messages from the session's offline queue into the window, oldest first, as long as
     * there is room; continues when acknowledgements free the window.
     */
    public void drainOffline() {
        int room = window - inflight.size() - waiting.size() - unsent.size();
        // Not only a persistent session: one resumed with expiry 0 still delivers what was queued
        // for it while it was away (MQTT-3.1.2-4 vs 3.1.2.11.2), until its connection ends.
        if (draining || room <= 0 || !session.offline().hasBacklog() || !c.isOpen()
                || !c.channel().isWritable()) {
            return;
        }
        draining = true;
        long mark = session.offline().drainMark();
        c.onLoop(broker.store().peekOffline(session.clientId(), Math.min(room, DRAIN_BATCH)), (batch, failure) -> {
            draining = false;
            if (failure != null) {
                StoreFailures.log("read the offline queue of client '" + session.clientId() + "'", failure);
                return;
            }
            if (!c.isOpen()) {
                return;
            }
            if (batch.isEmpty()) {
                session.offline().clearBacklog(mark); // if not, the append in flight drains again when stored
                return;
            }
            long bytes = 0;
            for (StoredMessage sm : batch) {
                Outgoing o = Outgoing.fromStored(sm.message());
                bytes += o.size();
                send(o);
            }
            session.offline().removed(batch.size(), bytes);
            // The next peek must not overtake the removal: a store may serve reads on another
            // thread than its writes (RocksDB does), and would hand out this batch again.
            draining = true;
            c.onLoop(StoreFailures.logged(broker.store().removeOffline(session.clientId(),
                    batch.get(batch.size() - 1).sequence()), "remove delivered messages from the offline queue of "
                    + "client '" + session.clientId() + "'"), (v, ignored) -> {
                        draining = false;
                        drainOffline();
                    });
        });
    }

    /**
     * The connection ended: a persistent session's queued messages go to its offline queue (its
     * inflight ones are in the store already). A clean session ends: its unacknowledged QoS 1
     * messages and its queued ones go back to the session ({@link Session#redeliver(List)}, which
     * hands those of shared subscriptions to other members); QoS 2 messages already sent stay with
     * this client (MQTT-4.8.2-5) and are dropped.
     */
    public CompletionStage<Void> detach() {
        List<CompletionStage<?>> writes = new ArrayList<>();
        List<Outgoing> unacknowledged = new ArrayList<>();
        for (Inflight f : inflight.values()) {
            if (f.queue != null) {
                f.queue.abandoned();
            } else if (!session.isPersistent() && f.outgoing != null) {
                if (f.qos == QoS.AT_LEAST_ONCE) {
                    unacknowledged.add(f.outgoing);
                } else {
                    broker.dropped(session.clientId(), f.outgoing.message().topic().value(), "session ended");
                }
            }
        }
        for (Outgoing o : waiting) {
            if (o.queue() != null) {
                o.queue().abandoned();
            } else if (session.isPersistent()) {
                writes.add(session.offline().enqueue(o));
            } else {
                unacknowledged.add(o);
            }
        }
        waiting.clear();
        waitingBytes = 0;
        inflight.clear();
        unsent.clear(); // still in the store for a persistent session; gone with the session otherwise
        if (!unacknowledged.isEmpty()) {
            session.redeliver(unacknowledged);
        }
        return StorageWrites.allOf(writes);
    }

    /** How many QoS 1 and 2 messages may be unacknowledged at once: the client's Receive Maximum, within the broker's bound. */
    public int window() {
        return window;
    }

    /** Unacknowledged messages towards the client, for tests. */
    public int inflightCount() {
        return inflight.size();
    }
}
