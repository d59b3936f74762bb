package io.fluxmq.transport.tcp.server;

import java.util.function.LongSupplier;

/**
 * When a listener that cannot bind tries again, and when that is worth a log line: the delay starts
 * at {@value #FIRST_DELAY_MILLIS} ms and doubles up to {@value #MAX_DELAY_MILLIS} ms, so that a port
 * freed a moment after start is taken at once and a port held for hours costs a bind every 30 s; the
 * first failure is logged, then a reminder every {@value #REMINDER_MILLIS} ms, not every attempt.
 * <b>Thread:</b> one at a time (the listener synchronizes).
 */
final class BindRetry {
    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long MAX_DELAY_MILLIS = 30_000;
    static final long REMINDER_MILLIS = 300_000;

    enum Log { FIRST, REMINDER, QUIET }

    private final LongSupplier clock;
    private int attempts;
    private long firstFailure;
    private long lastLogged;

    BindRetry() {
        this(System::currentTimeMillis);
    }

    BindRetry(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts a failed attempt; the delay before the next one. */
    long failed() {
        if (attempts == 0) {
            firstFailure = clock.getAsLong();
        }
        attempts++;
        long delay = FIRST_DELAY_MILLIS << Math.min(attempts - 1, 20);
        return Math.min(delay, MAX_DELAY_MILLIS);
    }

    /** Whether the failure just counted is logged: the first one, then one reminder per period. */
    Log logNow() {
        long now = clock.getAsLong();
        if (attempts == 1) {
            lastLogged = now;
            return Log.FIRST;
        }
        if (now - lastLogged >= REMINDER_MILLIS) {
            lastLogged = now;
            return Log.REMINDER;
        }
        return Log.QUIET;
    }

    int attempts() {
        return attempts;
    }

    long secondsSinceFirstFailure() {
        return attempts == 0 ? 0 : (clock.getAsLong() - firstFailure) / 1000;
    }

    /** Bound: the next failure is a new one. */
    void reset() {
        attempts = 0;
    }
}
