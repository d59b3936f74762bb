package io.fluxmq.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** {@code fluxmq:status} is a Gogo command service that prints the broker's status. */
class StatusCommandTest {
    private final BundleContext context = FrameworkUtil.getBundle(StatusCommandTest.class).getBundleContext();

    @Test
    void statusCommandIsRegisteredInTheFluxmqScopeAndReportsTheBroker() throws Exception {
        assertTrue(Framework.await(() -> command() != null, 10_000), "no fluxmq:status command service");
        ServiceReference<Object> ref = command();
        assertEquals("fluxmq", ref.getProperty("osgi.command.scope"));
        Object service = context.getService(ref);
        assertNotNull(service);
        // Gogo invokes the public method named like the function, as done here.
        Object out = service.getClass().getMethod("status").invoke(service);
        String text = String.valueOf(out);
        assertTrue(text.startsWith("FluxMQ "), text);
        assertTrue(text.contains("Storage: rocksdb"), text);
        assertTrue(text.contains("io.fluxmq.core"), text);
        assertTrue(text.contains("ACTIVE"), text);
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<Object> command() {
        try {
            // Gogo finds commands by these properties alone, whatever the service's interface.
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=fluxmq)(osgi.command.function=status))");
            return refs == null ? null : (ServiceReference<Object>) refs[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
