package io.fluxmq.core.router;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.fluxmq.api.router.Subscription;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts subscribers that threw from {@code deliver}, and logs them without flooding the log:
 * a subscriber that throws on every message would otherwise write a line per publish.
 */
final class DeliveryFailures {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.router");
    private static final AtomicLong COUNT = new AtomicLong();

    private DeliveryFailures() {
    }

    static void record(String subscriberId, Subscription subscription, Throwable failure) {
        long n = COUNT.incrementAndGet();
        // Logs the 1st, 2nd, 4th, 8th... failure: enough to see it happen and how often.
        if (Long.bitCount(n) == 1) {
            LOG.warn("CORE-1001 subscriber " + subscriberId + " threw while taking a message on "
                    + subscription.filter() + "; the message was not delivered to it (" + n
                    + " such failures since start)", failure);
        }
    }

    /** Failures since the bundle started. */
    static long count() {
        return COUNT.get();
    }
}
