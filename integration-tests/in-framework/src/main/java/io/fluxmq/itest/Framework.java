package io.fluxmq.itest;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

final class Framework {
    private Framework() {
    }

    /** FluxMQ bundles under test, without this test bundle. */
    static List<Bundle> fluxmqBundles(BundleContext context) {
        List<Bundle> ours = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null && bsn.startsWith("io.fluxmq.") && !bsn.equals("io.fluxmq.inframework-tests")) {
                ours.add(b);
            }
        }
        return ours;
    }

    /** Polls until the condition holds or the timeout passes; the caller asserts afterwards. */
    static boolean await(java.util.function.BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
