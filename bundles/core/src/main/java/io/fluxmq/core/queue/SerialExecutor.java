package io.fluxmq.core.queue;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs its tasks one at a time, in submission order, on a shared pool: a queue's state is
 * touched only from its serial executor, so it needs no locks, while many queues share a few
 * threads. A task that throws is logged and does not stop the ones after it.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.queue");
    /** Tasks run per turn before the pool gets the thread back, so that one busy queue cannot starve others. */
    private static final int BATCH = 256;

    private final String name;
    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("QUEUE-1009 a task of queue '{}' failed", name, e);
            }
        }
        scheduled.set(false);
        // A task added after the last poll but before the flag was cleared must not wait.
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }
}
