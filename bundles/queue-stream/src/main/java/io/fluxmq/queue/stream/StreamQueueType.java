package io.fluxmq.queue.stream;

import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueType;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code stream} queue type: an append-only log read by consumer groups with cursors. See the
 * bundle's README for the semantics of each operation.
 *
 * <p>A change of this component's configuration restarts it: the queue manager then reopens every
 * stream queue on the new settings (their logs and committed offsets stay in the log store).
 */
@Component(name = StreamQueueType.PID, service = QueueType.class, property = QueueType.TYPE_PROPERTY + "=" + StreamQueueType.NAME)
@Designate(ocd = StreamQueueType.Config.class)
public final class StreamQueueType implements QueueType {
    /** The type's name, the value of {@value QueueType#TYPE_PROPERTY}. */
    public static final String NAME = "stream";
    /** Component name and configuration PID. */
    public static final String PID = "io.fluxmq.queue.stream";

    @ObjectClassDefinition(name = "FluxMQ stream queue type",
            description = "Settings shared by every stream queue (append-only logs read by consumer groups with"
                    + " cursors). Each queue's own limits are in its queue configuration.")
    @interface Config {
        @AttributeDefinition(name = "Read batch", min = "1", max = "10000",
                description = "Entries a consumer group reads from the log at a time and holds ahead of its"
                        + " consumers' credit.")
        int read_batch() default 256;

        @AttributeDefinition(name = "Retention check interval (ms)", min = "10", max = "3600000",
                description = "How often a stream with a maximum age removes entries older than it. Count, byte"
                        + " and depth limits are applied after every append as well.")
        long retention_check_interval_ms() default 1000;
    }

    private final StreamSettings settings;

    @Activate
    public StreamQueueType(Config config) {
        this(new StreamSettings(config.read_batch(), Duration.ofMillis(config.retention_check_interval_ms())));
    }

    StreamQueueType(StreamSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the stream on {@code context.logStore()}: reads the log once to count its bytes and loads
     * the committed offsets of its groups.
     *
     * @throws IllegalStateException when the store cannot be read; the queue is not opened
     */
    @Override
    public Queue create(QueueConfig config, QueueContext context) {
        return StreamQueue.open(config, context, settings, System::currentTimeMillis);
    }
}
