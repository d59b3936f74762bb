package io.fluxmq.mqtt.session;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs failed state store writes (MQTT-3001) at the 1st, 2nd, 4th... failure. */
public final class StoreFailures {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.mqtt.storage");
    private static final AtomicLong FAILURES = new AtomicLong();

    private StoreFailures() {
    }

    public static void log(String what, Throwable failure) {
        long n = FAILURES.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            LOG.warn("MQTT-3001 the state store could not {}: {} ({} store failure(s) so far)", what, cause, n);
        }
    }

    /** The stage, with a failure logged and swallowed. */
    public static <T> CompletionStage<Void> logged(CompletionStage<T> stage, String what) {
        return stage.handle((v, failure) -> {
            if (failure != null) {
                log(what, failure);
            }
            return null;
        });
    }
}
