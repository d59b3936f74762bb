package io.fluxmq.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The selector's decisions, on its thread only: select the configured backend once its stores are
 * there, re-attach the backend in use when its services come back, refuse a switch to a backend
 * whose services are absent (and make it once they appear), migrate otherwise, and say in the
 * readiness problems why the broker is not where the configuration wants it.
 */
final class Selection {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.storage");

    private final BoundStores stores;
    private final StoreGate gate;
    private final Switchover switchover;
    private final Runnable publish;
    private final Consumer<List<String>> problems;
    /** The backend whose data is live: the one in use, or the one that went away and must come back. */
    private String selected;
    private String refusedTarget;
    /** The target a switch failed for; not tried again until the configuration or its services change. */
    private Backend failedTarget;
    private String failure;

    Selection(BoundStores stores, StoreGate gate, Runnable publish, Consumer<List<String>> problems) {
        this.stores = stores;
        this.gate = gate;
        this.switchover = new Switchover(gate, stores::isBound);
        this.publish = publish;
        this.problems = problems;
    }

    /** A new configuration was saved: a switch that failed is tried again. */
    void retry() {
        failedTarget = null;
    }

    void reconcile(Settings settings) throws InterruptedException {
        String wanted = settings.backend();
        if (selected == null) {
            selectFirst(wanted);
            return;
        }
        Backend inUse = gate.current();
        if (inUse == null) {
            inUse = stores.backend(selected);
            if (inUse == null) {
                report(List.of("the storage backend in use, '" + selected + "', is not available: "
                        + (gate.holdingForAbsentBackend() ? "storage calls wait for it" : "storage calls fail")
                        + " until its StateStore and LogStore are back"
                        + (wanted.equals(selected) ? "" : "; the switch to '" + wanted + "' waits for it")));
                return;
            }
            int held = gate.heldNow();
            gate.resume(inUse, stores::isBound);
            LOG.info("STORAGE-0004 the storage backend in use, {}, is back: {}; {} held writes released to it",
                    selected, inUse, held);
        }
        if (wanted.equals(selected)) {
            // Also cancels a refused or failed switch: the configuration no longer asks for it.
            refusedTarget = null;
            failedTarget = null;
            failure = null;
            report(List.of());
            return;
        }
        Backend target = stores.backend(wanted);
        if (target == null) {
            if (!wanted.equals(refusedTarget)) {
                LOG.warn("STORAGE-1001 cannot switch the storage backend from {} to {}: the {} StateStore and"
                        + " LogStore are not both registered. Staying on {}; the switch happens once they are.",
                        selected, wanted, wanted, selected);
                refusedTarget = wanted;
            }
            report(List.of("switch of the storage backend from '" + selected + "' to '" + wanted + "' refused: its"
                    + " StateStore and LogStore are not registered (still on '" + selected + "')"));
            return;
        }
        refusedTarget = null;
        if (target.equals(failedTarget)) {
            report(List.of()); // the failure stays; retried on a new configuration or new target services
            return;
        }
        migrate(inUse, target, settings);
    }

    private void selectFirst(String wanted) {
        Backend b = stores.backend(wanted);
        if (b == null) {
            report(List.of(StorageSelector.NOT_SELECTED_YET + ": the StateStore and LogStore of the configured"
                    + " backend '" + wanted + "' are not both registered"));
            return;
        }
        gate.attach(b);
        selected = wanted;
        publish.run();
        report(List.of());
        LOG.info("STORAGE-0003 storage backend {} selected: {}", wanted, b);
    }

    private void migrate(Backend from, Backend to, Settings settings) throws InterruptedException {
        try {
            switchover.run(from, to, settings.migrationTimeout());
            selected = to.name();
            failedTarget = null;
            failure = null;
            report(List.of());
        } catch (MigrationException e) {
            failedTarget = to;
            failure = "switch of the storage backend from '" + from.name() + "' to '" + to.name() + "' failed: "
                    + e.getMessage() + " (still on '" + from.name() + "'; save the configuration again to retry)";
            LOG.error("STORAGE-1002 switching the storage backend from {} to {} failed; staying on {}, where the"
                    + " writes held during the attempt went: {}", from.name(), to.name(), from.name(),
                    e.getMessage(), e.getCause());
            report(List.of());
        } catch (RuntimeException e) {
            failedTarget = to;
            failure = "switch of the storage backend from '" + from.name() + "' to '" + to.name() + "' failed: "
                    + e + " (still on '" + from.name() + "')";
            LOG.error("STORAGE-1002 switching the storage backend from {} to {} failed; staying on {}", from.name(),
                    to.name(), from.name(), e);
            report(List.of());
        }
    }

    /** Publishes {@code now} plus the last failure, which stays until a switch succeeds or is no longer wanted. */
    private void report(List<String> now) {
        List<String> all = new ArrayList<>(now);
        if (failure != null) {
            all.add(failure);
        }
        problems.accept(List.copyOf(all));
    }
}
