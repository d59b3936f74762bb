package io.fluxmq.console;

import io.fluxmq.api.server.ProtocolServer;
import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.console.BrokerStatus.BundleRow;
import io.fluxmq.console.BrokerStatus.ServerRow;
import io.fluxmq.console.BrokerStatus.StorageRow;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** Collects {@link BrokerStatus} snapshots from the framework and the running listeners. */
@Component(service = BrokerStatusCollector.class, name = "io.fluxmq.console.status", configurationPolicy = ConfigurationPolicy.IGNORE)
public class BrokerStatusCollector {
    /** The framework property the distribution sets to its version. */
    static final String VERSION_PROPERTY = "fluxmq.version";
    private static final String PREFIX = "io.fluxmq.";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ProblemFinder problems;
    private final List<ProtocolServer> servers = new CopyOnWriteArrayList<>();
    private final List<ReadinessContributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public BrokerStatusCollector(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        this.problems = new ProblemFinder(context, PREFIX);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(ProtocolServer server) {
        servers.add(server);
    }

    void removeServer(ProtocolServer server) {
        servers.remove(server);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(ReadinessContributor contributor) {
        contributors.add(contributor);
    }

    void removeContributor(ReadinessContributor contributor) {
        contributors.remove(contributor);
    }

    BrokerStatus collect() {
        String version = context.getProperty(VERSION_PROPERTY);
        if (version == null) {
            version = context.getBundle().getVersion().toString();
        }
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        return new BrokerStatus(version, uptime, bundles(), servers(), storage(),
                problems.find(scr, List.copyOf(contributors)));
    }

    private List<BundleRow> bundles() {
        List<BundleRow> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null && bsn.startsWith(PREFIX)) {
                rows.add(new BundleRow(b.getBundleId(), bsn, b.getVersion().toString(), stateName(b.getState())));
            }
        }
        rows.sort(Comparator.comparing(BundleRow::symbolicName));
        return rows;
    }

    private List<ServerRow> servers() {
        List<ServerRow> rows = new ArrayList<>();
        for (ProtocolServer s : servers) {
            InetSocketAddress a = s.address();
            String address = a == null ? "-" : a.getHostString() + ":" + a.getPort();
            rows.add(new ServerRow(s.name(), s.protocol(), s.transport(), address, s.connectionCount()));
        }
        rows.sort(Comparator.comparing(ServerRow::name));
        return rows;
    }

    /**
     * The registered backends, and which one is in use: the one the selected store (the store
     * every consumer binds, see {@link StateStore#SELECTED_PROPERTY}) delegates to right now.
     */
    private List<StorageRow> storage() {
        String inUse = selectedBackend();
        List<StorageRow> rows = new ArrayList<>();
        try {
            for (ServiceReference<StateStore> ref : context.getServiceReferences(StateStore.class, null)) {
                if (Boolean.TRUE.equals(ref.getProperty(StateStore.SELECTED_PROPERTY))) {
                    continue;
                }
                String backend = String.valueOf(ref.getProperty(StateStore.BACKEND_PROPERTY));
                rows.add(new StorageRow(StateStore.class.getSimpleName(), backend, backend.equals(inUse)));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        rows.sort(Comparator.comparing(StorageRow::backend));
        return rows;
    }

    private String selectedBackend() {
        try {
            for (ServiceReference<StateStore> ref : context.getServiceReferences(StateStore.class,
                    StateStore.SELECTED_FILTER)) {
                StateStore store = context.getService(ref);
                if (store != null) {
                    try {
                        return store.backend();
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
