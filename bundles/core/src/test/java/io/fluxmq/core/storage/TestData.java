package io.fluxmq.core.storage;

import static io.fluxmq.core.storage.Stages.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicFilter;
import java.nio.charset.StandardCharsets;

/** State of every kind a migration must carry, including the awkward cases. */
final class TestData {
    static final long CREATED_AT = 1_700_000_000_123L;

    private TestData() {
    }

    static Message message(String topic, String payload) {
        return Message.builder(topic).payload(payload).qos(QoS.AT_LEAST_ONCE).createdAtMillis(CREATED_AT).build();
    }

    static Message full(String topic) {
        return Message.builder(topic).payload("full").qos(QoS.EXACTLY_ONCE).retain(true)
                .contentType("application/json").responseTopic("replies/1").correlationData(new byte[] {1, 2, 3})
                .expiryIntervalSeconds(3600).createdAtMillis(CREATED_AT).userProperty("k", "v")
                .userProperty("k", "v2").build();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Subscription subscription(String filter, QoS qos) {
        return new Subscription(TopicFilter.of(filter), SubscriptionOptions.ofQos(qos));
    }

    /**
     * Sessions with subscriptions (a shared one too), inflight exchanges saved out of packet-id order,
     * offline queues whose head was removed (sequences no longer start at 1), a client with
     * subscriptions but no session, retained messages, wills, definitions (keys and namespaces with
     * '/', ':' and unicode, an empty value, one of the maximum size); logs truncated, emptied, holding only
     * group state, with committed offsets and pending entries.
     */
    static void fill(StateStore state, LogStore log, String prefix) {
        for (int i = 0; i < 5; i++) {
            String c = prefix + "client-" + i;
            await(state.saveSession(new SessionState(c, "mqtt", 5, 300 + i, i == 0 ? 0 : 1_700_000_000_000L + i)));
            await(state.saveSubscription(c, subscription("a/" + i + "/#", QoS.AT_LEAST_ONCE)));
            await(state.saveSubscription(c, subscription("$share/g/b/+", QoS.EXACTLY_ONCE)));
            await(state.saveInflight(c, new InflightMessage(30, InflightMessage.Direction.OUTBOUND,
                    InflightMessage.State.AWAITING_PUBACK, message("i/30", "x"))));
            await(state.saveInflight(c, new InflightMessage(7, InflightMessage.Direction.INBOUND,
                    InflightMessage.State.AWAITING_PUBREL, null)));
            long first = 0;
            for (int m = 0; m < 4 + i; m++) {
                long seq = await(state.enqueueOffline(c, m == 0 ? full("o/" + c) : message("o/" + c, c + ":" + m)));
                first = m == 0 ? seq : first;
            }
            await(state.removeOffline(c, first + 1));
        }
        await(state.saveSubscription(prefix + "no-session", subscription("x/y", QoS.AT_MOST_ONCE)));
        for (int r = 0; r < 20; r++) {
            await(state.putRetained(r == 0 ? full(prefix + "r/0") : message(prefix + "r/" + r, "retained " + r)));
        }
        await(state.putWill(new WillMessage(prefix + "client-1", message("will/1", "gone"), 30)));
        await(state.putDefinition(prefix + "amqp091/exchanges", "orders", bytes("direct durable")));
        await(state.putDefinition(prefix + "amqp091/exchanges", "vhost:/|amq.ü", bytes("topic")));
        await(state.putDefinition(prefix + "amqp091/exchanges", "", new byte[0]));
        byte[] max = new byte[StateStore.MAX_DEFINITION_BYTES];
        for (int b = 0; b < max.length; b++) {
            max[b] = (byte) b;
        }
        await(state.putDefinition(prefix + "amqp091/queues", "q:1/日本", max));
        await(state.putDefinition(prefix + "amqp091/bindings", "orders->q:1", bytes("#")));
        await(state.putDefinition(prefix + "amqp091/bindings", "removed", bytes("x")));
        await(state.removeDefinition(prefix + "amqp091/bindings", "removed"));

        // Old append times that no store's clock produces: a copy that re-stamps entries shows.
        for (int e = 0; e < 20; e++) {
            await(log.appendCopy(prefix + "queue", new LogEntry(e, 1_600_000_000_000L + e * 1000, message("q", "e" + e))));
        }
        for (int e = 20; e < 25; e++) {
            await(log.append(prefix + "queue", message("q", "e" + e)));
        }
        await(log.truncateBefore(prefix + "queue", 10));
        await(log.commitOffset(prefix + "queue", "g1", 12));
        await(log.savePending(prefix + "queue", "g1", new PendingEntry(13, "consumer-a", 1_700_000_000_500L, 2)));
        await(log.savePending(prefix + "queue", "g2", new PendingEntry(20, "consumer-b", 1_700_000_000_600L, 1)));
        for (int e = 0; e < 5; e++) {
            await(log.append(prefix + "emptied", message("q", "e" + e)));
        }
        await(log.truncateBefore(prefix + "emptied", 100));
        await(log.commitOffset(prefix + "groups-only", "g", 3));
    }
}
