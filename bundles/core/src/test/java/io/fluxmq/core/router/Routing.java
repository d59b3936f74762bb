package io.fluxmq.core.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.TopicFilter;

/** Shorthands for router tests. */
final class Routing {
    private Routing() {
    }

    static Subscription sub(String filter) {
        return new Subscription(TopicFilter.of(filter), SubscriptionOptions.DEFAULT);
    }

    static Subscription sub(String filter, QoS qos) {
        return new Subscription(TopicFilter.of(filter), SubscriptionOptions.ofQos(qos));
    }

    static Subscription noLocal(String filter) {
        return new Subscription(TopicFilter.of(filter),
                new SubscriptionOptions(QoS.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE, 0));
    }

    static Message msg(String topic) {
        return Message.builder(topic).payload("x").build();
    }
}
