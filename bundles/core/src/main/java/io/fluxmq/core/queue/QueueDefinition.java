package io.fluxmq.core.queue;

import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.topic.TopicFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One configured queue: a factory configuration of {@value #PID} (in etc/ as
 * {@code io.fluxmq.queue-<name>.config}). Registered as a service that {@link QueueManagerService}
 * picks up; a modified configuration re-registers it, and the manager reopens the queue.
 */
@Component(name = QueueDefinition.PID, service = QueueDefinition.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = QueueDefinition.Config.class, factory = true)
public final class QueueDefinition {
    static final String PID = "io.fluxmq.queue";

    @ObjectClassDefinition(name = "FluxMQ queue", description = "One queue of the queue manager: its type, the topics"
            + " it captures, its limits and its redelivery and dead-letter policy. Publishers address it as"
            + " $queue/<name>/<routing key>.")
    @interface Config {
        @AttributeDefinition(name = "Name", description = "Unique on the node; no '/', '+' or '#'.")
        String name();

        @AttributeDefinition(name = "Type", options = {
                @Option(value = "durable", label = "durable: persistent work queue with consumer groups and dead letters"),
                @Option(value = "stream", label = "stream: append-only log read with cursors, kept by retention"),
                @Option(value = "ephemeral", label = "ephemeral: in memory, best effort") })
        String type() default "durable";

        @AttributeDefinition(name = "Bindings", required = false, description = "Topic filters whose messages the queue"
                + " captures besides $queue/<name>/..., e.g. sensors/#. Capturing never slows or fails the publish;"
                + " what cannot be captured is counted.")
        String[] bindings() default {};

        @AttributeDefinition(name = "Retention: maximum age (seconds)", description = "0 keeps messages of any age."
                + " Streams drop older messages; durable queues drop older acknowledged data.", min = "0")
        long retention_max_age_seconds() default 0;

        @AttributeDefinition(name = "Retention: maximum bytes", description = "0 for no limit.", min = "0")
        long retention_max_bytes() default 0;

        @AttributeDefinition(name = "Retention: maximum messages", description = "0 for no limit.", min = "0")
        long retention_max_messages() default 0;

        @AttributeDefinition(name = "Maximum depth", description = "Messages waiting before the overflow policy"
                + " applies; 0 for the type's default bound.", min = "0")
        long max_depth() default 0;

        @AttributeDefinition(name = "Overflow policy", options = {
                @Option(value = "reject_new", label = "reject new publishes (MQTT 5: 0x97 Quota exceeded)"),
                @Option(value = "drop_oldest", label = "accept and drop the oldest message (counted)") })
        String overflow() default "reject_new";

        @AttributeDefinition(name = "Message TTL (seconds)", description = "0: messages do not expire in the queue.",
                min = "0")
        long message_ttl_seconds() default 0;

        @AttributeDefinition(name = "Visibility timeout (seconds)", description = "A delivery not acknowledged in"
                + " this time is redelivered.", min = "1")
        long visibility_timeout_seconds() default 30;

        @AttributeDefinition(name = "Maximum deliveries", description = "Deliveries after which a message is"
                + " dead-lettered; 0 for no limit.", min = "0")
        int max_deliveries() default 10;

        @AttributeDefinition(name = "Redelivery backoff: initial (ms)", min = "0")
        long backoff_initial_ms() default 1000;

        @AttributeDefinition(name = "Redelivery backoff: multiplier", min = "1")
        double backoff_multiplier() default 2.0;

        @AttributeDefinition(name = "Redelivery backoff: maximum (ms)", min = "0")
        long backoff_max_ms() default 60_000;

        @AttributeDefinition(name = "Dead-letter queue", required = false, description = "Where rejected messages and"
                + " messages past the maximum deliveries go; empty for <name>-dlq (a durable queue).")
        String dead_letter_queue() default "";

        @AttributeDefinition(name = "Stream auto-commit interval (ms)", description = "Streams: how often a group's"
                + " delivered position is committed without an explicit ack; 0 commits only on acks.", min = "0")
        long auto_commit_interval_ms() default 5000;
    }

    private final QueueConfig config;

    @Activate
    public QueueDefinition(Config c) {
        this(toQueueConfig(c));
    }

    QueueDefinition(QueueConfig config) {
        this.config = config;
    }

    QueueConfig config() {
        return config;
    }

    static QueueConfig toQueueConfig(Config c) {
        List<TopicFilter> bindings = new ArrayList<>();
        for (String b : c.bindings()) {
            if (!b.isBlank()) {
                bindings.add(TopicFilter.of(b.trim()));
            }
        }
        String dlq = c.dead_letter_queue() == null || c.dead_letter_queue().isBlank() ? null : c.dead_letter_queue().trim();
        return new QueueConfig(c.name().trim(), c.type().trim().toLowerCase(Locale.ROOT), bindings,
                new QueueConfig.Retention(Duration.ofSeconds(c.retention_max_age_seconds()), c.retention_max_bytes(),
                        c.retention_max_messages()),
                c.max_depth(), OverflowPolicy.valueOf(c.overflow().trim().toUpperCase(Locale.ROOT)),
                Duration.ofSeconds(c.message_ttl_seconds()), Duration.ofSeconds(c.visibility_timeout_seconds()),
                c.max_deliveries(),
                new QueueConfig.Backoff(Duration.ofMillis(c.backoff_initial_ms()), c.backoff_multiplier(),
                        Duration.ofMillis(c.backoff_max_ms())),
                dlq, Duration.ofMillis(c.auto_commit_interval_ms()));
    }
}
