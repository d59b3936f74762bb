package io.fluxmq.storage.conformance;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** What every contract mix-in needs from its conformance class: a timeout for stages. */
interface StoreFixture {

    /** How long a single store operation may take before the test fails. */
    Duration timeout();

    default <T> T await(CompletionStage<T> stage) {
        return Await.await(stage, timeout());
    }

    default Throwable awaitFailure(CompletionStage<?> stage) {
        return Await.awaitFailure(stage, timeout());
    }

    /**
     * Clears a collection the store returned, if it is mutable. An unmodifiable result is just as
     * good; what matters is that clearing a mutable one does not reach into the store.
     */
    default void clearIfMutable(Collection<?> returned) {
        try {
            returned.clear();
        } catch (UnsupportedOperationException expected) {
            // unmodifiable results are fine
        }
    }

    /** As {@link #clearIfMutable(Collection)}, for maps. */
    default void clearIfMutable(Map<?, ?> returned) {
        try {
            returned.clear();
        } catch (UnsupportedOperationException expected) {
            // unmodifiable results are fine
        }
    }
}
