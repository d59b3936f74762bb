package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.LogStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link LogStore} backend must show. A backend's test subclasses this and
 * implements {@link #createStore(Path)}; every test gets a fresh store in a fresh directory.
 * Backends that keep data across a restart subclass {@link PersistentLogStoreConformance}.
 *
 * <p>The tests are grouped in package-private mix-in interfaces (append and read, truncation and
 * deletion, consumer groups, concurrency, logs copied from another store); this class implements
 * all of them, so subclassing it runs every group.
 */
public abstract class LogStoreConformance implements LogAppendConformance, LogTruncationConformance,
        ConsumerGroupConformance, LogConcurrencyConformance, LogCopyConformance {

    private Path directory;
    private LogStore store;

    /**
     * Creates the store under test, open and empty.
     *
     * @param dir an empty directory for the backend's files, deleted after the test
     */
    protected abstract LogStore createStore(Path dir) throws Exception;

    /** Closes a store made by {@link #createStore(Path)}; by default closes an {@link AutoCloseable}. */
    protected void closeStore(LogStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** How long one store operation may take; raise it for a backend that syncs to a slow disk. */
    @Override
    public Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public final LogStore store() {
        return store;
    }

    /** The directory the store was created in. */
    protected final Path directory() {
        return directory;
    }

    /** Makes {@code replacement} the store under test, for restart tests; the old one must be closed. */
    protected final void replaceStore(LogStore replacement) {
        this.store = replacement;
    }

    @BeforeEach
    final void openStore(@TempDir Path dir) throws Exception {
        this.directory = dir;
        this.store = createStore(dir);
        assertThat(store).as("createStore").isNotNull();
    }

    @AfterEach
    final void closeStoreAfterTest() throws Exception {
        if (store != null) {
            closeStore(store);
            store = null;
        }
    }

    @Test
    void backendHasAName() {
        assertThat(store().backend()).as("LogStore.backend()").isNotBlank();
    }
}
