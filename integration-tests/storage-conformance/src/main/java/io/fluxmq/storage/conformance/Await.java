package io.fluxmq.storage.conformance;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the stages a store returns. A stage that never completes fails the test after the
 * timeout instead of hanging the build, and a stage that fails is reported with its cause.
 */
public final class Await {
    private Await() {
    }

    /** The stage's value; fails the test when it fails or does not complete in time. */
    public static <T> T await(CompletionStage<T> stage, Duration timeout) {
        if (stage == null) {
            throw new AssertionError("the store returned null instead of a CompletionStage");
        }
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("stage completed exceptionally: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a stage", e);
        }
    }

    /** The cause the stage failed with; fails the test when it succeeds or does not complete in time. */
    public static Throwable awaitFailure(CompletionStage<?> stage, Duration timeout) {
        if (stage == null) {
            throw new AssertionError("the store returned null instead of a CompletionStage");
        }
        Object value;
        try {
            value = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a stage", e);
        }
        throw new AssertionError("expected the stage to fail, but it completed with " + value);
    }

    // A stage composed by the backend may wrap the real cause once more.
    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
