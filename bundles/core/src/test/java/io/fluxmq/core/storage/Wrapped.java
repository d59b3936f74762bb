package io.fluxmq.core.storage;

import io.fluxmq.api.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Stores wrapped so that they fail, stall or pause on purpose; every other call reaches the real store. */
final class Wrapped {
    /** The StateStore and LogStore writes a migration issues to its target. */
    static final Set<String> COPY_WRITES = Set.of("saveSession", "saveSubscription", "saveInflight",
            "enqueueOfflineCopy", "putRetained", "putWill", "putDefinition", "startAt", "appendCopy", "commitOffset", "savePending");

    @FunctionalInterface
    interface Interceptor {
        /** Answers the call, or {@code null} to pass it to the real store. */
        Object intercept(Method method, Object[] args) throws Exception;
    }

    private Wrapped() {
    }

    static <T> T wrap(Class<T> type, T real, Interceptor interceptor) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("equals") ? proxy == args[0]
                        : m.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : "wrapped " + real;
            }
            Object answer = interceptor.intercept(m, args);
            if (answer != null) {
                return answer;
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /** Copy writes after the first {@code allowed} fail with an I/O error, as a target failing mid-way. */
    static <T> T failingAfter(Class<T> type, T real, int allowed, AtomicInteger writes) {
        return failingAfter(type, real, allowed, writes, () -> { });
    }

    /** As {@link #failingAfter(Class, Object, int, AtomicInteger)}; runs {@code atLimit} before the last allowed write. */
    static <T> T failingAfter(Class<T> type, T real, int allowed, AtomicInteger writes, Runnable atLimit) {
        return wrap(type, real, (m, args) -> {
            if (COPY_WRITES.contains(m.getName())) {
                int n = writes.incrementAndGet();
                if (n == allowed) {
                    atLimit.run();
                } else if (n > allowed) {
                    return CompletableFuture.failedStage(new StorageException(StorageException.Kind.IO,
                            "injected failure after " + allowed + " writes"));
                }
            }
            return null;
        });
    }

    /**
     * Writes are applied {@code delayMillis} late, in call order, on {@code writer}: like a persistent
     * store whose writes wait in its queue. Reads see a write only once its stage has completed.
     */
    @SuppressWarnings("unchecked")
    static <T> T delayingWrites(Class<T> type, T real, long delayMillis, ExecutorService writer) {
        return wrap(type, real, (m, args) -> {
            String n = m.getName();
            if (!(n.startsWith("save") || n.startsWith("put") || n.startsWith("enqueue") || n.startsWith("delete")
                    || n.startsWith("remove") || n.startsWith("append"))) {
                return null;
            }
            CompletableFuture<Object> done = new CompletableFuture<>();
            writer.execute(() -> {
                try {
                    Thread.sleep(delayMillis);
                    ((CompletionStage<Object>) m.invoke(real, args)).whenComplete((v, e) -> {
                        if (e != null) {
                            done.completeExceptionally(e);
                        } else {
                            done.complete(v);
                        }
                    });
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            });
            return done;
        });
    }

    /** Waits (at most 30 s) for {@code release}, after signalling {@code entered}. */
    static Runnable pause(CountDownLatch entered, CountDownLatch release) {
        return () -> {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Copy writes never complete, as a target that hangs. */
    static <T> T hanging(Class<T> type, T real) {
        return wrap(type, real, (m, args) -> COPY_WRITES.contains(m.getName()) ? new CompletableFuture<>() : null);
    }

    /** Calls of {@code method} signal {@code entered} and wait (at most 30 s) for {@code release}. */
    static <T> T pausingOn(Class<T> type, T real, String method, CountDownLatch entered, CountDownLatch release) {
        return wrap(type, real, (m, args) -> {
            if (m.getName().equals(method)) {
                entered.countDown();
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            return null;
        });
    }
}
