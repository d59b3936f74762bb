package io.fluxmq.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Requirement;

/** Every FluxMQ bundle is resolved with all its mandatory imports wired, and active. */
class BundlesResolveTest {
    private final BundleContext context = FrameworkUtil.getBundle(BundlesResolveTest.class).getBundleContext();

    @Test
    void everyFluxMqBundleIsActive() {
        List<String> problems = new ArrayList<>();
        List<Bundle> ours = Framework.fluxmqBundles(context);
        assertTrue(ours.size() >= 6, "expected the FluxMQ bundles of the core and console features, found " + ours);
        for (Bundle b : ours) {
            if (b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " is in state " + b.getState());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyMandatoryRequirementIsWired() {
        List<String> missing = new ArrayList<>();
        for (Bundle b : Framework.fluxmqBundles(context)) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            assertFalse(wiring == null, b.getSymbolicName() + " has no wiring");
            BundleRevision revision = b.adapt(BundleRevision.class);
            for (Requirement req : revision.getRequirements("osgi.wiring.package")) {
                // An import of a package the bundle exports itself is satisfied by that export.
                boolean ownExport = revision.getCapabilities("osgi.wiring.package").stream()
                        .anyMatch(c -> c.getAttributes().get("osgi.wiring.package")
                                .equals(packageName(req.getDirectives().get("filter"))));
                if (ownExport) {
                    continue;
                }
                boolean optional = "optional".equals(req.getDirectives().get("resolution"));
                boolean wired = wiring.getRequiredWires("osgi.wiring.package").stream()
                        .anyMatch(w -> w.getRequirement().equals(req));
                if (!optional && !wired) {
                    missing.add(b.getSymbolicName() + ": " + req.getDirectives().get("filter"));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static String packageName(String filter) {
        int start = filter.indexOf("osgi.wiring.package=") + "osgi.wiring.package=".length();
        int end = filter.indexOf(')', start);
        return filter.substring(start, end);
    }
}
