package io.fluxmq.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxmq.api.event.BrokerEvents;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.RetainedMessages;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/** With the default configuration, every FluxMQ component is satisfied and described by Metatype. */
class ComponentsSatisfiedTest {
    private final BundleContext context = FrameworkUtil.getBundle(ComponentsSatisfiedTest.class).getBundleContext();

    @Test
    void everyEnabledComponentIsSatisfied() throws Exception {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        List<String> unsatisfied = new ArrayList<>();
        Framework.await(() -> unsatisfied(scr).isEmpty(), 10_000);
        unsatisfied.addAll(unsatisfied(scr));
        assertEquals(List.of(), unsatisfied);
    }

    @Test
    void coreServicesAreRegistered() throws Exception {
        for (Class<?> type : List.of(MessageRouter.class, RetainedMessages.class, BrokerEvents.class,
                StateStore.class, LogStore.class)) {
            assertTrue(Framework.await(() -> context.getServiceReference(type) != null, 10_000),
                    type.getName() + " is not registered");
        }
        // Consumers bind the selected store; with the default configuration it delegates to RocksDB.
        assertTrue(Framework.await(() -> !selected().isEmpty(), 10_000), "no selected StateStore");
        ServiceReference<StateStore> store = selected().iterator().next();
        assertEquals("rocksdb", context.getService(store).backend());
    }

    @Test
    void configurableComponentsAreDescribedByMetatype() throws Exception {
        MetaTypeService metatype = service(MetaTypeService.class);
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        List<String> undescribed = new ArrayList<>();
        int configurable = 0;
        for (Bundle b : Framework.fluxmqBundles(context)) {
            MetaTypeInformation info = metatype.getMetaTypeInformation(b);
            List<String> pids = new ArrayList<>();
            if (info != null) {
                pids.addAll(List.of(info.getPids()));
                pids.addAll(List.of(info.getFactoryPids()));
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                if ("ignore".equals(d.configurationPolicy)) {
                    continue;
                }
                configurable++;
                for (String pid : d.configurationPid) {
                    if (!pids.contains(pid)) {
                        undescribed.add(d.name + " (pid " + pid + ")");
                    }
                }
            }
        }
        assertTrue(configurable > 0, "no configurable component found");
        assertEquals(List.of(), undescribed, "components that read configuration without a Metatype description");
    }

    private java.util.Collection<ServiceReference<StateStore>> selected() {
        try {
            return context.getServiceReferences(StateStore.class, StateStore.SELECTED_FILTER);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> unsatisfied(ServiceComponentRuntime scr) {
        List<String> problems = new ArrayList<>();
        for (Bundle b : Framework.fluxmqBundles(context)) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                if (!scr.isComponentEnabled(d)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        problems.add(d.name + " state=" + c.state + (c.failure != null ? " " + c.failure : ""));
                    }
                }
            }
        }
        return problems;
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        Framework.await(() -> context.getServiceReference(type) != null, 10_000);
        ServiceReference<T> ref = context.getServiceReference(type);
        assertNotNull(ref, type.getName() + " not available");
        return context.getService(ref);
    }
}
