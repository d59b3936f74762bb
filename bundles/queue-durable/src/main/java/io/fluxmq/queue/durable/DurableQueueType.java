package io.fluxmq.queue.durable;

import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The {@code durable} queue type: persistent work queues whose consumer groups share the work.
 * Stateless; every queue keeps its own state on the serial executor its context gives it.
 */
@Component(name = "io.fluxmq.queue.durable", service = QueueType.class, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = QueueType.TYPE_PROPERTY + "=" + DurableQueueType.NAME)
public final class DurableQueueType implements QueueType {
    /** The type's name, the value of {@value QueueType#TYPE_PROPERTY}. */
    public static final String NAME = "durable";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Creates the queue, or reopens it with its groups, committed offsets and pending entries when
     * the context's log store holds its log. <b>Thread:</b> the queue manager's configuration
     * thread; waits for the storage reads of a reopening (bounded, see {@link Recovery}).
     *
     * @throws IllegalArgumentException when the configuration names another type
     * @throws IllegalStateException when the stored state cannot be read
     */
    @Override
    public Queue create(QueueConfig config, QueueContext context) {
        if (!NAME.equals(config.type())) {
            throw new IllegalArgumentException("queue '" + config.name() + "' is of type '" + config.type()
                    + "', not '" + NAME + "'");
        }
        return DurableQueue.open(config, context);
    }
}
