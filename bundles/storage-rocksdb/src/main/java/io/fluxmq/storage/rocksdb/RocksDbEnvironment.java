package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.StorageException;
import io.fluxmq.storage.rocksdb.engine.BatchListener;
import io.fluxmq.storage.rocksdb.engine.BatchSink;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import io.fluxmq.storage.rocksdb.engine.DatabaseOpener;
import io.fluxmq.storage.rocksdb.engine.GroupCommitWriter;
import io.fluxmq.storage.rocksdb.engine.HandleGuard;
import io.fluxmq.storage.rocksdb.engine.OpenDatabase;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.StorageErrors;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import io.fluxmq.storage.rocksdb.engine.WriteOp;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one open RocksDB database that {@link RocksDbStateStore} and {@link RocksDbLogStore}
 * share: its directory, column families, the group-commit writer thread and the read executor.
 * A Declarative Services component of its own so that the database is opened once, with one
 * configuration, and closed only after both stores (which reference it) are deactivated.
 *
 * <p>It registers itself as a service by hand, and only once the database is open. A service
 * declared to DS would be registered before activation, and Felix SCR leaves such a registration
 * in place when activation fails, so the stores would bind to it, fail in turn and leave their
 * own services registered. This way a directory that cannot be opened shows as one component
 * whose activation failed with the directory and the cause, and two stores waiting for it, with
 * no StateStore or LogStore registered. The class is private to this bundle.
 *
 * <p>Any configuration change reopens the database (DS deactivates and activates the component
 * and the stores with it): the path, the sync policy and the cache are all fixed at open.
 */
// Immediate: it holds the open database; a delayed component would close it whenever unused.
@Component(name = RocksDbEnvironment.PID, service = {}, immediate = true)
@Designate(ocd = RocksDbEnvironment.Config.class)
// Registered in activate(); declared here so that resolvers (-resolve.effective: active) see it.
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.fluxmq.storage.rocksdb.RocksDbEnvironment\"")
public final class RocksDbEnvironment implements AutoCloseable {
    /** Component name and configuration PID. */
    public static final String PID = "io.fluxmq.storage.rocksdb.environment";
    /** The framework or system property whose value is the broker's home directory. */
    static final String HOME_PROPERTY = "fluxmq.home";

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbEnvironment.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int READ_QUEUE_CAPACITY = 4096;

    /** The database both RocksDB stores use. */
    @ObjectClassDefinition(name = "FluxMQ RocksDB storage",
            description = "The RocksDB database behind the rocksdb StateStore and LogStore: where it lives and when"
                    + " writes are durable. Any change reopens the database; nothing stored is lost.")
    public @interface Config {
        @AttributeDefinition(name = "Directory",
                description = "Database directory. Empty: ${fluxmq.home}/data/rocksdb, or ./data/rocksdb when"
                        + " fluxmq.home is not set. A relative path is resolved against fluxmq.home when it is set."
                        + " A database is created only in a missing or empty directory.")
        String path() default "";

        @AttributeDefinition(name = "Sync policy",
                description = "When a write counts as durable and its caller is answered. none: written to the"
                        + " write-ahead log without fsync (survives a broker crash, not a power loss). batch: one"
                        + " fsync per group commit, shared by the writes that arrived together. always: every"
                        + " write synced on its own (slowest).",
                options = {
                    @Option(label = "none: no fsync", value = "none"),
                    @Option(label = "batch: one fsync per group commit", value = "batch"),
                    @Option(label = "always: one fsync per write", value = "always")
                })
        String sync() default "batch";

        @AttributeDefinition(name = "Write queue capacity",
                description = "Writes waiting for the writer thread. When full, further writes fail at once with"
                        + " storage UNAVAILABLE instead of blocking the caller.",
                min = "1", max = "1000000")
        int writeQueueCapacity() default Settings.DEFAULT_WRITE_QUEUE_CAPACITY;

        @AttributeDefinition(name = "Maximum batch size",
                description = "Writes combined into one group commit (one write-ahead-log write and, under"
                        + " the batch policy, one fsync). Batches also stop at about 8 MiB.",
                min = "1", max = "65536")
        int maxBatchSize() default Settings.DEFAULT_MAX_BATCH_SIZE;

        @AttributeDefinition(name = "Block cache (MiB)",
                description = "An LRU cache of data blocks shared by all column families. 0 uses RocksDB's"
                        + " default, a small cache per column family.",
                type = AttributeType.INTEGER, min = "0", max = "1048576")
        int blockCacheSizeMb() default Settings.DEFAULT_BLOCK_CACHE_MB;

        @AttributeDefinition(name = "Read threads",
                description = "Threads that serve scans (loading sessions, subscriptions, retained messages, log"
                        + " reads), so that callers on event loops never wait for the disk.",
                min = "1", max = "64")
        int readThreads() default Settings.DEFAULT_READ_THREADS;
    }

    /** A read that runs while the native handles are guaranteed open. */
    @FunctionalInterface
    interface Read<T> {
        T read(RocksDB db) throws Exception;
    }

    // Set once by start(), before DS registers the service or a test uses the instance.
    private Settings settings;
    private OpenDatabase database;
    private GroupCommitWriter writer;
    private ThreadPoolExecutor readers;
    private final HandleGuard guard = new HandleGuard();
    private ServiceRegistration<RocksDbEnvironment> registration;

    /** For Declarative Services, which then calls {@link #activate}. */
    public RocksDbEnvironment() {
    }

    /**
     * Opens the database. An activate method rather than constructor injection: SCR reports a
     * failing constructor as a bare InvocationTargetException, an activate method's failure as the
     * exception it threw, whose message (directory and cause) the readiness check then shows.
     */
    @Activate
    void activate(Config config, BundleContext context) {
        start(settings(config, context::getProperty), UnaryOperator.identity());
        registration = context.registerService(RocksDbEnvironment.class, this,
                FrameworkUtil.asDictionary(Map.of("rocksdb.directory", database.directory().toString())));
    }

    /** Unregisters first, so that DS deactivates both stores before the database closes. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        close();
    }

    /**
     * Opens the database.
     *
     * @param sinks wraps the writer's sink, for tests that inject write failures
     * @throws io.fluxmq.storage.rocksdb.engine.DatabaseOpenException naming the directory and the cause
     */
    RocksDbEnvironment(Settings settings, UnaryOperator<BatchSink> sinks) {
        start(settings, sinks);
    }

    private void start(Settings settings, UnaryOperator<BatchSink> sinks) {
        this.settings = settings;
        this.database = DatabaseOpener.open(settings);
        RocksDB db = database.db();
        BatchSink sink = sinks.apply(db::write);
        this.writer = new GroupCommitWriter(sink, settings.sync(), settings.writeQueueCapacity(),
                settings.maxBatchSize(), database.directory().toString());
        AtomicInteger n = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(settings.readThreads(), settings.readThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(READ_QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "fluxmq-rocksdb-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        readers.allowCoreThreadTimeOut(true);
        writer.start();
        LOG.info("RocksDB store open in {} (sync {}, group commits of up to {} writes, write queue {})",
                database.directory(), settings.sync().configValue(), settings.maxBatchSize(),
                settings.writeQueueCapacity());
    }

    /** Opens the database outside OSGi (tests, benchmarks, tools). */
    public static RocksDbEnvironment open(Settings settings) {
        return new RocksDbEnvironment(settings, UnaryOperator.identity());
    }

    static Settings settings(Config config, Function<String, String> properties) {
        return new Settings(resolvePath(config.path(), properties.apply(HOME_PROPERTY)), SyncPolicy.parse(config.sync()),
                config.writeQueueCapacity(), config.maxBatchSize(), config.blockCacheSizeMb() * 1024L * 1024L,
                config.readThreads());
    }

    static Path resolvePath(String configured, String home) {
        if (configured == null || configured.isBlank()) {
            return home != null ? Path.of(home, "data", "rocksdb") : Path.of("data", "rocksdb");
        }
        Path p = Path.of(configured.trim());
        return p.isAbsolute() || home == null ? p : Path.of(home).resolve(p);
    }

    /**
     * Stops taking writes, writes what is queued, waits for running reads, syncs the WAL and closes
     * every native handle. A bundle update then reopens the same files in the new revision.
     */
    @Override
    public void close() {
        try {
            boolean writerStopped = writer.stop(CLOSE_TIMEOUT);
            readers.shutdown();
            boolean readersStopped = readers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            boolean drained = guard.closeAndDrain(CLOSE_TIMEOUT);
            if (!writerStopped || !readersStopped || !drained) {
                // Closing handles still in use would crash the JVM; leaking them until exit does not.
                LOG.error("ROCKS-2010 RocksDB store in {} did not go idle within {} s; its native handles are left"
                        + " open until the JVM exits (writer stopped: {}, readers stopped: {})", database.directory(),
                        CLOSE_TIMEOUT.toSeconds(), writerStopped, readersStopped);
                return;
            }
            database.close();
            LOG.info("RocksDB store in {} closed", database.directory());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("ROCKS-2010 interrupted while closing the RocksDB store in {}; handles left open",
                    database.directory());
        } catch (Exception e) {
            LOG.error("ROCKS-2011 closing the RocksDB store in {} failed: {}", database.directory(), e.toString(), e);
        }
    }

    public Path directory() {
        return database.directory();
    }

    public SyncPolicy syncPolicy() {
        return settings.sync();
    }

    /** Group commits written since open: one WAL write each, and one fsync unless the policy is none. */
    public long groupCommits() {
        return writer.batches();
    }

    /** Writes whose group commit succeeded since open. */
    public long committedWrites() {
        return writer.committedOps();
    }

    ColumnFamilyHandle handle(ColumnFamily cf) {
        return database.handle(cf);
    }

    GroupCommitWriter writer() {
        return writer;
    }

    /** The background error RocksDB has not recovered from, or null. */
    String backgroundError() {
        return database.backgroundError();
    }

    void addListener(BatchListener listener) {
        writer.addListener(listener);
    }

    void removeListener(BatchListener listener) {
        writer.removeListener(listener);
    }

    /**
     * Waits until every write queued so far is committed (or failed). A store calls it when it
     * starts, so that state it loads from the database includes what an earlier instance of it
     * (deactivated while the environment stayed) still had queued.
     */
    void awaitQueuedWrites(Duration timeout) {
        try {
            writer.submit(batch -> null, "barrier").toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw StorageErrors.toStorageException(e.getCause(), "wait for queued writes");
        } catch (java.util.concurrent.TimeoutException e) {
            throw StorageErrors.unavailable("queued writes to " + directory() + " did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageErrors.unavailable("interrupted while waiting for queued writes");
        }
    }

    <T> CompletionStage<T> write(String what, WriteOp<T> op) {
        return writer.submit(op, what);
    }

    /** A read on the calling thread, for point lookups: fails with a StorageException, never blocks on a close. */
    <T> T readNow(String what, Read<T> read) {
        try {
            return guard.use(() -> read.read(database.db()), what);
        } catch (StorageException | IllegalArgumentException | NullPointerException e) {
            throw e;
        } catch (Exception e) {
            throw StorageErrors.toStorageException(e, what);
        }
    }

    /** A read on the read executor, for scans whose size the caller does not bound. */
    <T> CompletionStage<T> readLater(String what, Read<T> read) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    future.complete(readNow(what, read));
                } catch (StorageException | IllegalArgumentException | NullPointerException e) {
                    future.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(StorageErrors.toStorageException(e, what));
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(StorageErrors.unavailable(what + ": "
                    + (readers.isShutdown() ? "the RocksDB store is closed" : "the RocksDB read queue is full")));
        }
        return future.minimalCompletionStage();
    }
}
