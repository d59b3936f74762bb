package io.fluxmq.console;

import java.time.Duration;
import java.util.List;

/**
 * One snapshot of what an operator asks first: which version runs, for how long, which FluxMQ
 * bundles are in which state, which listeners accept connections, which storage backend the core
 * uses and what is wrong (a refused or failed storage switch, a component that failed to start).
 * Shared by the Web Console page and the {@code fluxmq:status} command.
 */
record BrokerStatus(String version, Duration uptime, List<BundleRow> bundles, List<ServerRow> servers,
        List<StorageRow> storage, List<Problem> problems) {

    record BundleRow(long id, String symbolicName, String version, String state) {
    }

    record ServerRow(String name, String protocol, String transport, String address, int connections) {
    }

    /** A registered storage backend; {@code inUse} when the core is bound to it. */
    record StorageRow(String service, String backend, boolean inUse) {
    }

    /**
     * Something an operator must act on: {@code source} is a readiness check's name (e.g. "storage")
     * or a component's name; {@code detail} says what is wrong, as /ready does.
     */
    record Problem(String source, String detail) {
    }

    /** The backends the core uses, comma-separated, or "none". */
    String storageInUse() {
        String inUse = String.join(", ", storage.stream().filter(StorageRow::inUse)
                .map(StorageRow::backend).distinct().toList());
        return inUse.isEmpty() ? "none" : inUse;
    }

    static String formatUptime(Duration d) {
        long s = d.toSeconds();
        return String.format("%dd %02dh %02dm %02ds", s / 86_400, (s / 3_600) % 24, (s / 60) % 60, s % 60);
    }

    /** Plain text, as printed by {@code fluxmq:status}. */
    String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("FluxMQ ").append(version).append('\n');
        sb.append("Uptime:  ").append(formatUptime(uptime)).append('\n');
        sb.append("Storage: ").append(storageInUse()).append('\n');
        if (!problems.isEmpty()) {
            sb.append("\nProblems:\n");
            for (Problem p : problems) {
                sb.append("  ").append(p.source()).append(": ").append(p.detail()).append('\n');
            }
        }
        sb.append("\nListeners:\n");
        if (servers.isEmpty()) {
            sb.append("  (none running)\n");
        }
        for (ServerRow s : servers) {
            sb.append(String.format("  %-16s %-8s %-5s %-22s %d connection(s)%n", s.name(), s.protocol(),
                    s.transport(), s.address(), s.connections()));
        }
        sb.append("\nBundles:\n");
        for (BundleRow b : bundles) {
            sb.append(String.format("  %4d %-36s %-18s %s%n", b.id(), b.symbolicName(), b.version(), b.state()));
        }
        return sb.toString();
    }
}
