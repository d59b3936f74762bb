package io.fluxmq.core.storage;

import io.fluxmq.api.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where the selected stores send their calls: the backend in use and, while a migration runs, the
 * writes held until it ends.
 *
 * <p><b>Writes</b> take the read lock only to look at the state and hand the call to the store,
 * which never blocks, so writers on different event loops share it. A paused gate appends the
 * write to a FIFO queue instead and hands the caller a stage that completes once the write is
 * released and done. Pausing takes the write lock, so after {@link #pause()} returns every write
 * either reached the old store (and is counted in flight) or is queued: nothing is in between.
 *
 * <p><b>Reads</b> take no lock: they go to the backend in use, which during a migration is still
 * the old one. {@link #resume} points reads at the new backend first and then releases the queued
 * writes in order; writes arriving meanwhile queue behind them, so the order in which calls
 * returned is the order the new store applies them (the StateStore contract).
 *
 * <p><b>Outages.</b> When the backend in use goes away ({@link #detachIf}, e.g. its bundle is
 * updated) writes are held the same way, so that they reach it when it comes back ({@link #resume});
 * reads queue with them (a client connecting during a RocksDB bundle update waits for its session
 * instead of being refused). The selector bounds how long an outage holds calls
 * ({@link #failHeld}); {@link #outage()} tells outages apart.
 *
 * <p><b>Threads:</b> {@link #write} and {@link #read} from any thread; {@link #pause},
 * {@link #awaitIdle}, {@link #resume} and {@link #failHeld} from the selector's thread only;
 * {@link #attach}, {@link #detachIf} and {@link #close} from any thread.
 */
final class StoreGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentLinkedQueue<Held<?>> held = new ConcurrentLinkedQueue<>();
    private final AtomicInteger heldCount = new AtomicInteger();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong heldTotal = new AtomicLong();
    private final Object idle = new Object();
    // Written under the write lock; volatile so that reads need no lock.
    private volatile Backend current;
    private volatile boolean paused;
    private volatile int maxHeld;
    // Written under the write lock.
    private volatile long outage;

    StoreGate(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    void setMaxHeld(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    /** The backend calls go to, or null while none is (not selected yet, or gone away). */
    Backend current() {
        return current;
    }

    boolean paused() {
        return paused;
    }

    /** True while writes are held for a backend in use that went away (not for a migration). */
    boolean holdingForAbsentBackend() {
        return paused && current == null;
    }

    /** Counts the outages so far: a new number whenever the backend in use goes away while writes flow. */
    long outage() {
        return outage;
    }

    /** Writes waiting in the queue now. */
    int heldNow() {
        return heldCount.get();
    }

    /** Writes queued by pauses so far. */
    long heldWrites() {
        return heldTotal.get();
    }

    /** Writes refused so far because {@code maxHeld} writes were already waiting. */
    long refusedWrites() {
        return refused.get();
    }

    <T> CompletionStage<T> read(String what, Function<Backend, CompletionStage<T>> read) {
        Backend b = current;
        if (b != null) {
            return call(b, read);
        }
        // No backend: during an outage the read waits in line with the held writes and is answered
        // when the backend is back (like any read issued before a write completed, it may or may
        // not see that write), or fails with them when the selector gives up; before any
        // selection, or once closed, it fails at once.
        lock.readLock().lock();
        try {
            Backend now = current;
            if (now != null) {
                return call(now, read);
            }
            return paused ? hold(what, read) : CompletableFuture.failedStage(unavailable(what));
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> CompletionStage<T> write(String what, Function<Backend, CompletionStage<T>> write) {
        lock.readLock().lock();
        try {
            if (paused) {
                return hold(what, write);
            }
            Backend b = current;
            if (b == null) {
                return CompletableFuture.failedStage(unavailable(what));
            }
            return dispatch(b, write);
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> CompletionStage<T> hold(String what, Function<Backend, CompletionStage<T>> write) {
        if (heldCount.incrementAndGet() > maxHeld) {
            heldCount.decrementAndGet();
            refused.incrementAndGet();
            return CompletableFuture.failedStage(new StorageException(StorageException.Kind.UNAVAILABLE, what
                    + ": the storage backend is being switched or is not available, and " + maxHeld
                    + " writes already wait for it; retry later"));
        }
        Held<T> h = new Held<>(what, write);
        held.add(h);
        heldTotal.incrementAndGet();
        return h.result.minimalCompletionStage();
    }

    private <T> CompletionStage<T> dispatch(Backend b, Function<Backend, CompletionStage<T>> write) {
        inFlight.incrementAndGet();
        CompletionStage<T> stage = call(b, write);
        stage.whenComplete((v, e) -> writeDone());
        return stage;
    }

    private void writeDone() {
        // Only a pausing selector waits for zero; the monitor is not touched otherwise.
        if (inFlight.decrementAndGet() == 0 && paused) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Makes {@code b} the backend in use, outside a migration (first selection, a backend that came back). */
    void attach(Backend b) {
        lock.writeLock().lock();
        try {
            current = b;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Forgets the backend in use when it matches, e.g. when one of its services went away; true if it
     * did. From then on writes are held until it comes back ({@link #resume}) or the selector gives up
     * ({@link #failHeld}).
     */
    boolean detachIf(Predicate<Backend> gone) {
        lock.writeLock().lock();
        try {
            Backend b = current;
            if (b != null && gone.test(b)) {
                current = null;
                paused = true;
                outage++;
                return true;
            }
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** From now on writes are queued; the ones already handed to the store stay in flight. */
    void pause() {
        lock.writeLock().lock();
        try {
            paused = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Waits until every write handed to a store has completed; false when {@code deadlineNanos} passed first. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Bounded waits as well: a write that completes on a thread racing with this check still wakes us.
                idle.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
            return true;
        }
    }

    /** Writes handed to a store and not completed yet. */
    long inFlight() {
        return inFlight.get();
    }

    /**
     * Ends a pause or an outage: reads go to {@code to} at once, then the queued writes are released
     * to it in their order, then writes go straight to it again. When {@code bound} says its services
     * went away meanwhile, there is no backend in use and the writes stay held, as in any outage.
     */
    void resume(Backend to, Predicate<Backend> bound) {
        lock.writeLock().lock();
        try {
            // Checked under the lock: an unbind that removes the service before its detachIf waits for it.
            if (to == null || !bound.test(to)) {
                if (current != null || !paused) {
                    outage++;
                }
                current = null;
                paused = true;
                return;
            }
            current = to;
        } finally {
            lock.writeLock().unlock();
        }
        releaseHeld();
    }

    /**
     * Ends an outage without a backend: the held writes fail with UNAVAILABLE, in order, and new
     * writes fail at once until a backend is attached. Answers how many failed.
     */
    int failHeld() {
        lock.writeLock().lock();
        try {
            current = null;
        } finally {
            lock.writeLock().unlock();
        }
        return releaseHeld();
    }

    /** Releases the queued writes to the backend in use (failing them when there is none); answers how many. */
    private int releaseHeld() {
        int released = 0;
        while (true) {
            List<Held<?>> batch = new ArrayList<>();
            lock.writeLock().lock();
            try {
                Held<?> h;
                while ((h = held.poll()) != null) {
                    batch.add(h);
                }
                heldCount.addAndGet(-batch.size());
                if (batch.isEmpty()) {
                    paused = false;
                    return released;
                }
            } finally {
                lock.writeLock().unlock();
            }
            // Outside the lock: writers keep queueing behind this batch instead of waiting for it.
            Backend target = current;
            for (Held<?> h : batch) {
                release(h, target);
            }
            released += batch.size();
        }
    }

    private <T> void release(Held<T> h, Backend target) {
        if (target == null) {
            h.result.completeExceptionally(unavailable(h.what));
            return;
        }
        dispatch(target, h.write).whenComplete((v, e) -> {
            if (e != null) {
                h.result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            } else {
                h.result.complete(v);
            }
        });
    }

    /** Stops for good: calls fail with UNAVAILABLE, queued writes too. */
    void close() {
        List<Held<?>> dropped = new ArrayList<>();
        lock.writeLock().lock();
        try {
            current = null;
            paused = false;
            Held<?> h;
            while ((h = held.poll()) != null) {
                dropped.add(h);
            }
            heldCount.set(0);
        } finally {
            lock.writeLock().unlock();
        }
        for (Held<?> h : dropped) {
            h.result.completeExceptionally(unavailable(h.what));
        }
    }

    private static <T> CompletionStage<T> call(Backend b, Function<Backend, CompletionStage<T>> op) {
        try {
            CompletionStage<T> stage = op.apply(b);
            return stage != null ? stage : CompletableFuture.failedStage(new StorageException(
                    StorageException.Kind.IO, "the " + b.name() + " store returned no stage"));
        } catch (RuntimeException e) {
            // The contract says stores fail through the stage; one that throws must not break the caller's thread.
            return CompletableFuture.failedStage(e);
        }
    }

    static StorageException unavailable(String what) {
        return new StorageException(StorageException.Kind.UNAVAILABLE,
                what + ": no storage backend is in use (not selected yet, or its services went away)");
    }

    /** A write queued during a migration or an outage, with the stage its caller holds. */
    private static final class Held<T> {
        final String what;
        final Function<Backend, CompletionStage<T>> write;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Held(String what, Function<Backend, CompletionStage<T>> write) {
            this.what = what;
            this.write = write;
        }
    }
}
