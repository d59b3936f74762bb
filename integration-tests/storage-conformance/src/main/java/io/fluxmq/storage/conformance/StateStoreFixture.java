package io.fluxmq.storage.conformance;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.topic.TopicFilter;

/**
 * The store under test and the records the StateStore contract tests build. The contract
 * mix-ins are interfaces so that {@link StateStoreConformance} can gather all of them while each
 * group of tests stays in a file of its own.
 */
interface StateStoreFixture extends StoreFixture {

    /** The store under test, fresh for every test. */
    StateStore store();

    default SessionState givenSession(String clientId) {
        SessionState session = new SessionState(clientId, "mqtt", 5, 300, 0);
        await(store().saveSession(session));
        return session;
    }

    default Subscription subscription(String filter, QoS qos) {
        return new Subscription(TopicFilter.of(filter), SubscriptionOptions.ofQos(qos));
    }

    /** A subscription whose every option differs from the default. */
    default Subscription subscriptionWithEveryOption(String filter) {
        return new Subscription(TopicFilter.of(filter), new SubscriptionOptions(QoS.EXACTLY_ONCE,
                true, true, RetainHandling.SEND_IF_NEW_SUBSCRIPTION, 268_435_455));
    }

    default InflightMessage outbound(int packetId, InflightMessage.State state) {
        return new InflightMessage(packetId, InflightMessage.Direction.OUTBOUND, state,
                TestMessages.simple("inflight/" + packetId, "out-" + packetId));
    }

    default InflightMessage inbound(int packetId) {
        return new InflightMessage(packetId, InflightMessage.Direction.INBOUND,
                InflightMessage.State.AWAITING_PUBREL, TestMessages.simple("inflight/" + packetId, "in-" + packetId));
    }

    default Message message(String payload) {
        return TestMessages.simple("offline/queue", payload);
    }
}
