package io.fluxmq.console;

import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.console.BrokerStatus.Problem;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What an operator must act on, for the overview: every problem a {@link ReadinessContributor}
 * reports (a refused or failed storage switch, the backend in use gone) and every component of a
 * FluxMQ bundle whose activation failed, with the first line of its failure (for the RocksDB store,
 * the ROCKS-10xx code, the directory and the cause). /ready reports the same, among what it counts;
 * components merely waiting for a reference are left out here, since they follow from those.
 */
final class ProblemFinder {
    private final BundleContext context;
    private final String bundlePrefix;

    ProblemFinder(BundleContext context, String bundlePrefix) {
        this.context = context;
        this.bundlePrefix = bundlePrefix;
    }

    /** <b>Thread:</b> the caller's (an HTTP request or the Gogo shell); reads services and DTOs only. */
    List<Problem> find(ServiceComponentRuntime scr, List<ReadinessContributor> contributors) {
        List<Problem> problems = new ArrayList<>();
        for (ReadinessContributor c : contributors) {
            for (String p : c.problems()) {
                problems.add(new Problem(c.name(), p));
            }
        }
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn == null || !bsn.startsWith(bundlePrefix) || b.getState() != Bundle.ACTIVE) {
                continue;
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        problems.add(new Problem(d.name, "activation failed: " + firstLine(c.failure)));
                    }
                }
            }
        }
        return problems;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown cause";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
