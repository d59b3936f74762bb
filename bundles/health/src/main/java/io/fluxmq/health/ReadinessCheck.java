package io.fluxmq.health;

import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.health.ReadinessReport.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Computes readiness from the framework itself rather than from a list each bundle must keep up
 * to date: every FluxMQ bundle active, every enabled component of theirs satisfied, every
 * required service registered. Components that need a configuration and have none (factory
 * components such as listeners) are not counted: without a configuration they are not wanted.
 */
final class ReadinessCheck {
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final List<String> requiredServices;
    private final String bundlePrefix;

    private final List<ReadinessContributor> contributors;

    ReadinessCheck(BundleContext context, ServiceComponentRuntime scr, String[] requiredServices, String bundlePrefix,
            List<ReadinessContributor> contributors) {
        this.context = context;
        this.contributors = contributors;
        this.scr = scr;
        this.requiredServices = List.copyOf(Arrays.asList(requiredServices));
        this.bundlePrefix = bundlePrefix;
    }

    ReadinessReport run() {
        List<Problem> problems = new ArrayList<>();
        List<Bundle> ours = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn == null || !bsn.startsWith(bundlePrefix)) {
                continue;
            }
            if (isFragment(b)) {
                continue;
            }
            if (b.getState() != Bundle.ACTIVE) {
                problems.add(new Problem("bundle", bsn, "bundle is " + stateName(b.getState())));
            } else {
                ours.add(b);
            }
        }
        for (Bundle b : ours) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                checkComponent(d, problems);
            }
        }
        for (String service : requiredServices) {
            ServiceReference<?> ref = context.getServiceReference(service);
            if (ref == null) {
                problems.add(new Problem("service", service, "no service registered"));
            }
        }
        for (ReadinessContributor c : contributors) {
            for (String problem : c.problems()) {
                problems.add(new Problem("check", c.name(), problem));
            }
        }
        return new ReadinessReport(problems);
    }

    private void checkComponent(ComponentDescriptionDTO d, List<Problem> problems) {
        if (!scr.isComponentEnabled(d)) {
            return;
        }
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
            switch (c.state) {
                case ComponentConfigurationDTO.ACTIVE, ComponentConfigurationDTO.SATISFIED -> {
                }
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                    StringBuilder refs = new StringBuilder("unsatisfied reference(s):");
                    for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                        refs.append(' ').append(r.name);
                        if (r.target != null) {
                            refs.append(" (target ").append(r.target).append(')');
                        }
                    }
                    problems.add(new Problem("component", d.name, refs.toString()));
                }
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> problems.add(new Problem("component", d.name,
                        "activation failed: " + firstLine(c.failure)));
                default -> problems.add(new Problem("component", d.name, "state " + c.state));
            }
        }
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders("").get("Fragment-Host") != null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown cause";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "state " + state;
        };
    }
}
