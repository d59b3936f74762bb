package io.fluxmq.api.router;

import io.fluxmq.api.topic.TopicFilter;
import java.util.Objects;

/** A filter (possibly shared) and its options. */
public record Subscription(TopicFilter filter, SubscriptionOptions options) {
    public Subscription {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
    }
}
