package io.fluxmq.queue.stream;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits consumer groups' positions to the log store, where a restart finds them. An ack moves a
 * group's committed offset forward only; a seek (a cursor, a nack) moves it wherever the group
 * now reads. The store applies commits in call order, so the last one issued is the one that stays.
 *
 * <p><b>Thread:</b> the queue's serial executor, except {@link #load}.
 */
final class GroupCommits {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.queue.stream");

    private final StreamLog log;

    GroupCommits(StreamLog log) {
        this.log = log;
    }

    /** Every group of the log with its committed offset (-1 when it has none). Blocks. */
    static Map<String, Long> load(StreamLog log) {
        Map<String, Long> out = new TreeMap<>();
        Set<String> names = OpeningReads.await(log.store().groups(log.name()),
                "the consumer groups of stream '" + log.name() + "'");
        for (String group : names) {
            OptionalLong committed = OpeningReads.await(log.store().committedOffset(log.name(), group),
                    "the committed offset of group '" + group + "'");
            out.put(group, committed.orElse(-1));
        }
        return out;
    }

    /** Commits {@code offset} unless the group already asked for it or beyond. */
    CompletionStage<Void> ack(StreamGroup g, long offset) {
        if (offset <= g.commitRequested) {
            return g.lastCommit;
        }
        return commit(g, offset);
    }

    /** Commits {@code offset}, backwards too. */
    CompletionStage<Void> seek(StreamGroup g, long offset) {
        return commit(g, offset);
    }

    private CompletionStage<Void> commit(StreamGroup g, long offset) {
        long sequence = ++g.commitSequence;
        g.commitRequested = offset;
        CompletionStage<Void> stage = log.store().commitOffset(log.name(), g.name, offset)
                .whenCompleteAsync((v, failure) -> {
                    if (failure != null) {
                        LOG.warn("QUEUE-3003 stream '{}': group '{}' could not commit offset {}; a restart resumes it"
                                + " from offset {}", log.name(), g.name, offset, g.committed, StreamLog.unwrap(failure));
                        if (sequence == g.commitSequence) {
                            // Let the next ack or auto-commit try again.
                            g.commitRequested = g.committed;
                        }
                    } else if (sequence > g.committedSequence) {
                        g.committedSequence = sequence;
                        g.committed = offset;
                    }
                }, log.executor());
        g.lastCommit = stage;
        return stage;
    }
}
