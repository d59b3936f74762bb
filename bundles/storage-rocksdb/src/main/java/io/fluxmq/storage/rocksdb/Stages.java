package io.fluxmq.storage.rocksdb;

import io.fluxmq.storage.rocksdb.engine.StorageErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Turns work done on the caller's thread (argument checks, encoding, point reads) into a stage,
 * so that every failure reaches the caller through the stage and never as a synchronous throw.
 */
final class Stages {
    private Stages() {
    }

    static <T> CompletionStage<T> failed(Throwable t) {
        return CompletableFuture.failedStage(t);
    }

    static <T> CompletionStage<T> supply(String what, Supplier<T> work) {
        try {
            return CompletableFuture.completedStage(work.get());
        } catch (IllegalArgumentException | NullPointerException e) {
            return CompletableFuture.failedStage(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(StorageErrors.toStorageException(e, what));
        }
    }

    /** Prepares a stage on the caller's thread (e.g. encodes, then queues a write). */
    static <T> CompletionStage<T> compose(String what, Supplier<CompletionStage<T>> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            return CompletableFuture.failedStage(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(StorageErrors.toStorageException(e, what));
        }
    }
}
