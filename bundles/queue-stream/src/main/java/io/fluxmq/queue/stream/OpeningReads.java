package io.fluxmq.queue.stream;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the store reads a stream makes while it opens: {@link io.fluxmq.api.queue.QueueType#create}
 * runs on the queue manager's configuration thread and may read from storage; nothing else waits.
 */
final class OpeningReads {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private OpeningReads() {
    }

    /**
     * @throws IllegalStateException when the read fails or takes longer than 30 s; the queue does not open
     */
    static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the log store did not answer within " + TIMEOUT + " reading " + what, e);
        }
    }
}
