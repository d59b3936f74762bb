package io.fluxmq.amqp091.connection;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats of one connection (AMQP 0.9.1 section 4.2.7): the server sends one when it has
 * written nothing for half the negotiated interval, and gives the client up after two intervals
 * without a frame from it, not counting the time the server did not read from it.
 */
final class Heartbeats {
    private final AmqpConnection connection;
    private ScheduledFuture<?> task;
    private long lastRead = System.nanoTime();
    private long lastWrite = System.nanoTime();
    private int seconds;

    Heartbeats(AmqpConnection connection) {
        this.connection = connection;
    }

    void start(int intervalSeconds) {
        this.seconds = intervalSeconds;
        if (intervalSeconds <= 0) {
            return;
        }
        long periodMillis = Math.max(100, intervalSeconds * 1000L / 2);
        task = connection.eventLoop().scheduleAtFixedRate(this::tick, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    void read() {
        lastRead = System.nanoTime();
    }

    void wrote() {
        lastWrite = System.nanoTime();
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(seconds);
        if (!connection.reading()) {
            lastRead = now; // the server does not read (back-pressure, memory alarm): nothing can be missed
        }
        if (now - lastRead > 2 * interval) {
            stop();
            connection.heartbeatMissed(seconds);
            return;
        }
        if (now - lastWrite >= interval / 2) {
            lastWrite = now;
            connection.writeHeartbeat();
        }
    }
}
