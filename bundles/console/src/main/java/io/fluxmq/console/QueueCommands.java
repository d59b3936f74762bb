package io.fluxmq.console;

import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueStats;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands on queues: {@code fluxmq:queues}, {@code fluxmq:queue <name>}, {@code fluxmq:purge <name>}.
 * The numbers are the queues' own statistics, the same the console page shows.
 */
@Component(service = QueueCommands.class, name = "io.fluxmq.console.queues", configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {"osgi.command.scope=fluxmq", "osgi.command.function=queues", "osgi.command.function=queue",
                "osgi.command.function=purge"})
public class QueueCommands {
    private static final long PURGE_TIMEOUT_SECONDS = 30;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile QueueManager manager;

    /** {@code fluxmq:queues}: one line per open queue. */
    public String queues() {
        QueueManager m = manager;
        if (m == null) {
            return "no queue manager is running";
        }
        List<QueueRow> rows = QueueRow.of(m);
        if (rows.isEmpty()) {
            return "no queues";
        }
        StringBuilder out = new StringBuilder(String.format("%-32s %-9s %10s %9s %9s %6s %10s%n", "QUEUE", "TYPE", "DEPTH",
                "PENDING", "CONSUMERS", "GROUPS", "DLQ DEPTH"));
        for (QueueRow r : rows) {
            QueueStats s = r.stats();
            out.append(String.format("%-32s %-9s %10d %9d %9d %6d %10s%n", r.name(), r.type(), s.depth(), s.pending(),
                    s.consumers(), s.groups().size(), r.deadLetterDepthText()));
        }
        return out.toString();
    }

    /** {@code fluxmq:queue <name>}: a queue's configuration, counters and consumer groups. */
    public String queue(String name) {
        QueueManager m = manager;
        Optional<Queue> found = m == null ? Optional.empty() : m.queue(name);
        if (found.isEmpty()) {
            return notFound(name);
        }
        Queue q = found.get();
        QueueStats s = q.stats();
        var c = q.config();
        StringBuilder out = new StringBuilder();
        out.append("queue ").append(c.name()).append(" (").append(c.type()).append(")\n");
        out.append(String.format("  depth %d messages, %d bytes; pending %d; consumers %d%n", s.depth(), s.bytes(),
                s.pending(), s.consumers()));
        out.append(String.format("  enqueued %d, delivered %d, acknowledged %d, dead-lettered %d, dropped %d%n",
                s.enqueued(), s.delivered(), s.acknowledged(), s.deadLettered(), s.dropped()));
        out.append("  dead letters: ").append(c.deadLetterTarget()).append(" (depth ")
                .append(QueueRow.of(m, q).deadLetterDepthText()).append(")\n");
        if (!c.bindings().isEmpty()) {
            out.append("  bindings: ").append(c.bindings()).append('\n');
        }
        if (s.groups().isEmpty()) {
            out.append("  no consumer groups\n");
        } else {
            out.append(String.format("  %-24s %9s %12s %10s %9s%n", "GROUP", "CONSUMERS", "COMMITTED", "LAG", "PENDING"));
            for (QueueStats.GroupStats g : s.groups()) {
                out.append(String.format("  %-24s %9d %12d %10d %9d%n", g.group(), g.consumers(), g.committedOffset(),
                        g.lag(), g.pending()));
            }
        }
        return out.toString();
    }

    /** {@code fluxmq:purge <name>}: removes the queue's messages that are not pending with a consumer. */
    public String purge(String name) {
        Optional<Queue> found = find(name);
        if (found.isEmpty()) {
            return notFound(name);
        }
        try {
            long removed = found.get().purge().toCompletableFuture().get(PURGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return "purged " + removed + " message(s) from queue '" + name + "'";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while purging queue '" + name + "'";
        } catch (ExecutionException e) {
            return "purging queue '" + name + "' failed: " + e.getCause();
        } catch (TimeoutException e) {
            return "queue '" + name + "' is still purging after " + PURGE_TIMEOUT_SECONDS + " s";
        }
    }

    private Optional<Queue> find(String name) {
        QueueManager m = manager;
        return m == null ? Optional.empty() : m.queue(name);
    }

    private String notFound(String name) {
        return manager == null ? "no queue manager is running" : "no open queue named '" + name + "'";
    }
}
