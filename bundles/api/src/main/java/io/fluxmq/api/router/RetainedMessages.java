package io.fluxmq.api.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The retained message of each topic, persisted in the state store and indexed for lookup by
 * filter. Thread-safe.
 */
@ProviderType
public interface RetainedMessages {
    /**
     * Stores the message as its topic's retained message, or clears the topic when the payload is
     * empty (MQTT-3.3.1-6). The stage completes when the change is durable in the state store.
     * May be called on an event loop; never blocks.
     */
    CompletionStage<Void> retain(Message message);

    /**
     * The retained messages whose topics the filter matches, '$' rule included. Expired messages
     * are left out. May be called on an event loop; answers from memory.
     */
    List<Message> matching(TopicFilter filter);

    Optional<Message> get(TopicName topic);

    /** Number of topics with a retained message. */
    int count();
}
