package io.fluxmq.mqtt.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.TopicFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a session stores of a message it was given, and reads back. */
class OutgoingTest {
    private static final Message PUBLISHED = Message.builder("a/b").payload("x").qos(QoS.AT_LEAST_ONCE)
            .userProperty("k", "v").build();

    private static Subscription subscription(String filter, int id) {
        return new Subscription(TopicFilter.of(filter), new SubscriptionOptions(QoS.EXACTLY_ONCE, false, false,
                RetainHandling.SEND_ON_SUBSCRIBE, id));
    }

    @Test
    void theSubscriptionIdentifierAndTheSharedFilterSurviveTheStoreAndAreNotSent() {
        Outgoing o = Outgoing.of(PUBLISHED, subscription("$share/g/a/+", 7));
        Outgoing back = Outgoing.fromStored(o.toStored());
        assertThat(back.subscriptionId()).isEqualTo(7);
        assertThat(back.shared()).isEqualTo(TopicFilter.of("$share/g/a/+"));
        assertThat(back.message()).isEqualTo(o.message());
        assertThat(back.message().userProperties()).containsExactly(new UserProperty("k", "v"));
    }

    @Test
    void aMessageOfAnUnsharedSubscriptionWithoutIdentifierIsStoredAsItIs() {
        Outgoing o = Outgoing.of(PUBLISHED, subscription("a/+", 0));
        assertThat(o.shared()).isNull();
        assertThat(o.toStored()).isSameAs(o.message());
        assertThat(Outgoing.fromStored(o.toStored())).isEqualTo(new Outgoing(o.message(), 0));
    }

    @Test
    void marksThatDoNotParseAreDropped() {
        Message stored = PUBLISHED.toBuilder().userProperty(Outgoing.SHARED_MARK, "not/shared")
                .userProperty(Outgoing.SUBSCRIPTION_ID_MARK, "x").build();
        Outgoing back = Outgoing.fromStored(stored);
        assertThat(back.shared()).isNull();
        assertThat(back.subscriptionId()).isZero();
        assertThat(back.message().userProperties()).isEqualTo(List.of(new UserProperty("k", "v")));
    }
}
