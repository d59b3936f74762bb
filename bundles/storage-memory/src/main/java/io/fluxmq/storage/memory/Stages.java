package io.fluxmq.storage.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Turns a synchronous in-memory operation into the stage the storage contracts return. Every
 * failure, an argument error included, ends up in the stage: callers on an event loop handle one
 * path, never a synchronous throw.
 */
final class Stages {
    private Stages() {
    }

    static <T> CompletionStage<T> supply(Supplier<T> operation) {
        try {
            // A minimal stage: a caller cannot complete or cancel what the store handed out.
            return CompletableFuture.completedStage(operation.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        }
    }

    static CompletionStage<Void> run(Runnable operation) {
        return supply(() -> {
            operation.run();
            return null;
        });
    }
}
