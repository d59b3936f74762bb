package io.fluxmq.mqtt.session;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.publish.Outgoing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a shared subscription whose session ends (a clean session that disconnects, a
 * persistent one that expires) while it holds messages of the group its client has not
 * acknowledged: they go to another member of the same group rather than being lost (section
 * 4.8.2: the Server SHOULD send the message to another client of the shared subscription).
 *
 * <p>What is handed over: QoS 1 messages sent and not acknowledged, and QoS 1 and 2 messages not
 * sent yet (waiting for the inflight window, or in the offline queue). A QoS 2 message already sent
 * is not: the client may have it, and MQTT-4.8.2-5 forbids sending it to another client once its
 * session ended; it is dropped and counted.
 *
 * <p>Each message goes to one member, the members taking turns, connected ones first, then
 * persistent ones (their offline queues); with none left it is dropped and counted. The member
 * gets it as from the router: through its own subscription's QoS, identifier and queue.
 * <b>Threads:</b> any (the leaving connection's event loop, the expiry timer).
 */
final class SharedHandover {
    private static final Logger LOG = LoggerFactory.getLogger(SharedHandover.class);

    private final MqttBroker broker;
    private final SessionRegistry sessions;
    private final AtomicLong turn = new AtomicLong();

    SharedHandover(MqttBroker broker, SessionRegistry sessions) {
        this.broker = broker;
        this.sessions = sessions;
    }

    /** One member and the subscription through which it gets the group's messages. */
    private record Member(Session session, Subscription subscription) {
    }

    /** Hands each message to another member of the shared subscription it came through. */
    void handOver(Session leaving, List<Outgoing> messages) {
        Map<TopicFilter, List<Member>> groups = new HashMap<>();
        int handed = 0;
        for (Outgoing o : messages) {
            List<Member> members = groups.computeIfAbsent(o.shared(), f -> membersOf(f, leaving));
            if (members.isEmpty()) {
                broker.dropped(leaving.clientId(), o.message().topic().value(),
                        "session ended, no other member of " + o.shared());
                continue;
            }
            Member m = members.get((int) Math.floorMod(turn.getAndIncrement(), (long) members.size()));
            m.session().deliver(o.message(), m.subscription());
            handed++;
        }
        if (handed > 0) {
            LOG.debug("the session of client '{}' ended with {} unacknowledged message(s) of shared subscriptions; "
                    + "handed to other members", leaving.clientId(), handed);
        }
    }

    /**
     * What an ended persistent session left in the store that may be handed over: outbound QoS 1
     * exchanges waiting for PUBACK, and the offline queue, those of shared subscriptions only.
     */
    CompletionStage<List<Outgoing>> storedFor(Session session) {
        String clientId = session.clientId();
        return broker.store().loadInflight(clientId).thenCombine(
                broker.store().peekOffline(clientId, broker.settings().maxOfflineMessages()),
                (List<InflightMessage> inflight, List<StoredMessage> queued) -> {
                    List<Outgoing> out = new ArrayList<>();
                    for (InflightMessage m : inflight) {
                        if (m.direction() == InflightMessage.Direction.OUTBOUND && m.message() != null
                                && m.state() == InflightMessage.State.AWAITING_PUBACK) {
                            out.add(Outgoing.fromStored(m.message()));
                        }
                    }
                    for (StoredMessage m : queued) {
                        out.add(Outgoing.fromStored(m.message()));
                    }
                    out.removeIf(o -> o.shared() == null || o.message().qos() == QoS.AT_MOST_ONCE);
                    return out;
                });
    }

    /** The other members, connected ones if any, else those whose sessions queue for them. */
    private List<Member> membersOf(TopicFilter filter, Session leaving) {
        List<Member> connected = new ArrayList<>();
        List<Member> queueing = new ArrayList<>();
        for (Session s : sessions.all()) {
            Subscription sub = s == leaving ? null : s.subscriptions().get(filter);
            if (sub == null) {
                continue;
            }
            if (s.owner() != null) {
                connected.add(new Member(s, sub));
            } else if (s.isPersistent()) {
                queueing.add(new Member(s, sub));
            }
        }
        return connected.isEmpty() ? queueing : connected;
    }
}
