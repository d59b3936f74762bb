package io.fluxmq.loadgen.flow;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end credit of one publisher: deliveries it has caused that have not yet reached a
 * receiver. A publisher sends only while they stay under the limit, so the broker's backlog is
 * bounded and the rate measured is what the broker sustains, not how fast a queue fills.
 *
 * <p><b>Threads.</b> {@link #tryAcquire} and {@link #park} on the publisher's event loop;
 * {@link #release} on any receiver's. A parked publisher is resumed once half the limit is free,
 * so that wake-ups come in batches, not one per delivery.
 */
public final class Credit {
    private final long limit;
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicBoolean parked = new AtomicBoolean();
    private volatile Runnable resume = () -> { };

    /** @param limit deliveries that may be outstanding at once; {@link Long#MAX_VALUE} for none */
    public Credit(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("credit limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    /** Takes credit for one message that will be delivered {@code copies} times, if there is enough. */
    public boolean tryAcquire(int copies) {
        if (outstanding.get() + copies > limit) {
            return false;
        }
        outstanding.addAndGet(copies);
        return true;
    }

    /**
     * After {@link #tryAcquire} failed: arranges for {@code resume} to run (on a receiver's thread)
     * when half the limit is free. Returns false if that is already so, and the caller goes on.
     */
    public boolean park(Runnable resume) {
        this.resume = resume;
        parked.set(true);
        return !(outstanding.get() <= limit / 2 && parked.compareAndSet(true, false));
    }

    /** {@code deliveries} arrived at a receiver. */
    public void release(long deliveries) {
        long now = outstanding.addAndGet(-deliveries);
        if (now <= limit / 2 && parked.get() && parked.compareAndSet(true, false)) {
            resume.run();
        }
    }

    /** Deliveries not yet arrived. */
    public long outstanding() {
        return outstanding.get();
    }
}
