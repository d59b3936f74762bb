package io.fluxmq.queue.stream;

import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.storage.LogEntry;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the front of a stream's log by its retention (age, bytes, count) and by its maximum depth
 * with {@link OverflowPolicy#DROP_OLDEST}, independently of consumer groups. Each limit removes a
 * prefix (append times grow with offsets), so the cut is found by reading from the first entry
 * until one entry may stay; the entries read give the bytes removed.
 *
 * <p><b>Thread:</b> the queue's serial executor. One check runs at a time; a check asked for while
 * one runs is done once it ends.
 */
final class RetentionTrimmer {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.queue.stream");

    private final StreamLog log;
    private final QueueConfig config;
    private final int readBatch;
    private final LongSupplier clock;
    private boolean running;
    private boolean again;
    private boolean againWithAge;
    private boolean failing;

    RetentionTrimmer(StreamLog log, QueueConfig config, int readBatch, LongSupplier clock) {
        this.log = log;
        this.config = config;
        this.readBatch = readBatch;
        this.clock = clock;
    }

    /**
     * Trims what the limits no longer allow.
     *
     * @param withAge whether to look at append times too (a read), or only at the count, byte
     *        and depth limits the queue knows from its counters
     */
    void check(boolean withAge) {
        if (running) {
            again = true;
            againWithAge |= withAge;
            return;
        }
        boolean ageApplies = withAge && !config.retention().maxAge().isZero();
        if (!ageApplies && countCut() <= log.first() && !overBytes(0)) {
            return;
        }
        running = true;
        long ageLimit = ageApplies ? clock.getAsLong() - config.retention().maxAge().toMillis() : Long.MIN_VALUE;
        log.exclusively(() -> scan(log.first(), 0, ageLimit))
                .whenCompleteAsync((removed, failure) -> done(failure), log.executor());
    }

    private void done(Throwable failure) {
        running = false;
        if (failure != null) {
            if (!failing) {
                LOG.warn("QUEUE-3004 stream '{}' could not apply its retention; retrying at the next check",
                        log.name(), StreamLog.unwrap(failure));
            }
            failing = true;
            return;
        }
        failing = false;
        if (again) {
            boolean withAge = againWithAge;
            again = false;
            againWithAge = false;
            check(withAge);
        }
    }

    /** Reads from {@code from} until an entry may stay, then truncates below it. */
    private CompletionStage<Long> scan(long from, long removedBytes, long ageLimit) {
        long countCut = countCut();
        return log.store().read(log.name(), from, readBatch).thenComposeAsync(entries -> {
            long cut = from;
            long bytes = removedBytes;
            for (LogEntry e : entries) {
                boolean goes = e.offset() < countCut || e.appendedAtMillis() < ageLimit || overBytes(bytes);
                if (!goes) {
                    return log.truncateNow(cut, bytes);
                }
                bytes += e.message().payloadSize();
                cut = e.offset() + 1;
            }
            if (entries.isEmpty() || cut >= log.next()) {
                return log.truncateNow(cut, bytes);
            }
            return scan(cut, bytes, ageLimit);
        }, log.executor());
    }

    /** The offset below which the count and depth limits remove entries. */
    private long countCut() {
        long cut = Long.MIN_VALUE;
        long maxMessages = config.retention().maxMessages();
        if (maxMessages > 0) {
            cut = log.next() - maxMessages;
        }
        if (config.maxDepth() > 0 && config.overflow() == OverflowPolicy.DROP_OLDEST) {
            cut = Math.max(cut, log.next() - config.maxDepth());
        }
        return cut;
    }

    private boolean overBytes(long removed) {
        long max = config.retention().maxBytes();
        return max > 0 && log.bytes() - removed > max;
    }
}
