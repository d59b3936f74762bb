package io.fluxmq.core.storage;

import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migration from the backend in use to another, on the selector's thread: clear what a stale
 * target holds (it is not in use, so nothing live is touched), pause writes, wait for those in
 * flight, copy everything, switch. On failure the queued writes go to the old backend and the
 * caller stays on it.
 */
final class Switchover {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.storage");
    /** Writes outstanding at once while copying: well under RocksDB's default write queue of 10,000. */
    static final int WINDOW = 1024;
    /** How long a failed attempt waits for its last writes to the target, so that a retry clears them. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final StoreGate gate;
    private final Predicate<Backend> bound;

    Switchover(StoreGate gate, Predicate<Backend> bound) {
        this.gate = gate;
        this.bound = bound;
    }

    /**
     * Moves everything from {@code from} to {@code to} and switches to it.
     *
     * @return what was copied
     * @throws MigrationException when it could not; the gate is then on {@code from} again
     */
    CopyCounts run(Backend from, Backend to, Duration timeout) throws MigrationException, InterruptedException {
        if (from.name().equals(to.name()) || from.state() == to.state() || from.log() == to.log()) {
            // Clearing the target would delete the live data.
            throw new MigrationException("the target " + to + " is the backend in use " + from);
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long refusedBefore = gate.refusedWrites();
        boolean switched = false;
        Pipeline pipe = new Pipeline(WINDOW, deadline, timeout);
        try {
            clearStale(to, pipe);
            LOG.info("STORAGE-0005 switching the storage backend from {} to {}: writes are held until the copy ends",
                    from.name(), to.name());
            gate.pause();
            if (!gate.awaitIdle(deadline)) {
                throw new MigrationException(gate.inFlight() + " writes to " + from.name() + " did not complete within "
                        + Pipeline.describe(timeout) + " (migration.timeout.seconds)");
            }
            CopyCounts copied = new CopyCounts();
            new StateCopy(from, to, pipe, copied).copy();
            new LogCopy(from, to, pipe, copied).copy();
            pipe.drain();
            gate.resume(to, bound);
            switched = true;
            LOG.info("STORAGE-0001 switched the storage backend from {} to {} in {} ms; copied {}", from.name(),
                    to.name(), (System.nanoTime() - started) / 1_000_000, copied);
            return copied;
        } finally {
            if (!switched) {
                // Also for an interrupt or an unexpected exception: never leave writes held.
                gate.resume(from, bound);
                if (!Thread.currentThread().isInterrupted()) {
                    pipe.settle(SETTLE);
                }
            }
            long refused = gate.refusedWrites() - refusedBefore;
            if (refused > 0) {
                LOG.warn("STORAGE-1004 {} writes were refused with UNAVAILABLE during the switch to {}: more than"
                        + " max.held.writes were waiting", refused, to.name());
            }
        }
    }

    private void clearStale(Backend to, Pipeline pipe) throws MigrationException, InterruptedException {
        CopyCounts cleared = new CopyCounts();
        boolean state = StateCopy.clear(to, pipe, cleared);
        boolean logs = LogCopy.clear(to, pipe, cleared);
        pipe.drain();
        if (state || logs) {
            LOG.info("STORAGE-0002 the {} backend held data from an earlier use, not the live data; cleared it"
                    + " before copying: {}", to.name(), cleared.cleared());
        }
    }
}
