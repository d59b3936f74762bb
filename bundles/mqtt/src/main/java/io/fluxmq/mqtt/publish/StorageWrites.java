package io.fluxmq.mqtt.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Collects the state store writes that routing one PUBLISH causes (offline queues of persistent
 * sessions), so that the publisher is acknowledged only once they are durable. Works because the
 * router calls every subscriber on the publisher's thread before {@code route} returns.
 */
public final class StorageWrites {
    private static final ThreadLocal<List<CompletionStage<?>>> CURRENT = new ThreadLocal<>();

    private StorageWrites() {
    }

    /** Starts collecting on this thread. */
    public static void begin() {
        CURRENT.set(new ArrayList<>(2));
    }

    /** Registers a write if this thread is collecting; otherwise does nothing. */
    public static void add(CompletionStage<?> write) {
        List<CompletionStage<?>> writes = CURRENT.get();
        if (writes != null) {
            writes.add(write);
        }
    }

    /**
     * Stops collecting; the returned stage completes when every write has, with the first failure
     * (null when all succeeded): a PUBLISH whose copy for an offline session was not stored must
     * not be acknowledged as if it had been.
     */
    public static CompletableFuture<Throwable> end() {
        List<CompletionStage<?>> writes = CURRENT.get();
        CURRENT.remove();
        if (writes == null || writes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Throwable> first = CompletableFuture.completedFuture(null);
        for (CompletionStage<?> w : writes) {
            CompletableFuture<Throwable> failure = w.handle((v, e) -> e).toCompletableFuture();
            first = first.thenCombine(failure, (a, b) -> a != null ? a : b);
        }
        return first;
    }

    /** Completes when every stage has completed, successfully or not. */
    public static CompletableFuture<Void> allOf(List<? extends CompletionStage<?>> stages) {
        if (stages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[stages.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = stages.get(i).handle((v, e) -> null).toCompletableFuture();
        }
        return CompletableFuture.allOf(all);
    }
}
