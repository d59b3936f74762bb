package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StateStore} backend must show. A backend's test subclasses this
 * and implements {@link #createStore(Path)}; every test gets a fresh store in a fresh directory.
 * Backends that keep data across a restart subclass {@link PersistentStateStoreConformance}.
 *
 * <p>The tests are grouped by area in package-private mix-in interfaces (sessions,
 * subscriptions, inflight, offline queue, retained and wills, message fidelity, concurrency,
 * offline queues copied from another store, protocols' definitions); this class implements all of them, so subclassing
 * it runs every group.
 */
public abstract class StateStoreConformance implements SessionConformance, SubscriptionConformance,
        InflightConformance, OfflineQueueConformance, RetainedAndWillConformance,
        StateMessageFidelityConformance, StateConcurrencyConformance, OfflineCopyConformance,
        DefinitionConformance {

    private Path directory;
    private StateStore store;

    /**
     * Creates the store under test, open and empty.
     *
     * @param dir an empty directory for the backend's files, deleted after the test
     */
    protected abstract StateStore createStore(Path dir) throws Exception;

    /** Closes a store made by {@link #createStore(Path)}; by default closes an {@link AutoCloseable}. */
    protected void closeStore(StateStore store) throws Exception {
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
    public final StateStore store() {
        return store;
    }

    /** The directory the store was created in. */
    protected final Path directory() {
        return directory;
    }

    /** Makes {@code replacement} the store under test, for restart tests; the old one must be closed. */
    protected final void replaceStore(StateStore replacement) {
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
        assertThat(store().backend()).as("StateStore.backend()").isNotBlank();
    }
}
