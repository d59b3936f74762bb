package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code ephemeral} queue type: messages in memory only, best effort, bounded. See the
 * bundle's README for the semantics of each operation.
 *
 * <p>A change of this component's configuration restarts it: the queue manager then reopens every
 * ephemeral queue on the new bounds, and the messages they held are lost.
 */
@Component(name = EphemeralQueueType.PID, service = QueueType.class,
        property = QueueType.TYPE_PROPERTY + "=" + EphemeralQueueType.NAME)
@Designate(ocd = EphemeralQueueType.Config.class)
public final class EphemeralQueueType implements QueueType {
    /** The type's name, the value of {@value QueueType#TYPE_PROPERTY}. */
    public static final String NAME = "ephemeral";
    /** Component name and configuration PID. */
    public static final String PID = "io.fluxmq.queue.ephemeral";

    @ObjectClassDefinition(name = "FluxMQ ephemeral queue type",
            description = "Bounds shared by every ephemeral queue (in memory, best effort), including those created"
                    + " automatically for an unknown $queue/<name>.")
    @interface Config {
        @AttributeDefinition(name = "Maximum messages", min = "1", max = "100000000",
                description = "Messages a queue holds for their first delivery when its configuration sets no"
                        + " maximum depth. What happens beyond it is the queue's overflow policy.")
        long max_messages() default 10_000;

        @AttributeDefinition(name = "Maximum bytes", min = "1",
                description = "Payload bytes a queue holds for their first delivery. A larger message is always refused.")
        long max_bytes() default 16L * 1024 * 1024;

        @AttributeDefinition(name = "Unacknowledged deliveries remembered per group", min = "0", max = "1000000",
                description = "Deliveries a consumer group remembers so that ack, nack and reject can answer for them;"
                        + " beyond it the oldest is forgotten (acknowledging it answers 'unknown message'). 0 remembers none."
                        + " Queues without a visibility timeout (declared over AMQP) remember all their deliveries,"
                        + " which their consumers' credit bounds.")
        int max_unacked_per_group() default 1_000;
    }

    private final EphemeralSettings settings;

    @Activate
    public EphemeralQueueType(Config config) {
        this(new EphemeralSettings(config.max_messages(), config.max_bytes(), config.max_unacked_per_group()));
    }

    EphemeralQueueType(EphemeralSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Creates an empty queue; nothing is read or written to storage. */
    @Override
    public Queue create(QueueConfig config, QueueContext context) {
        return new EphemeralQueue(config, context, settings, System::currentTimeMillis);
    }
}
