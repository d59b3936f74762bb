package io.fluxmq.config;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Finds the metatype of a PID among the installed bundles. Configurations are created with the
 * location "?" and may be consumed by any bundle, so every bundle's metatype is searched; a bundle
 * only installed (not yet started, as FluxMQ bundles are before the start level is raised)
 * already has its metatype resources.
 */
final class MetatypeSchemas implements Function<ConfigFileName, ObjectClassDefinition> {
    private final BundleContext context;
    private final Supplier<MetaTypeService> service;

    MetatypeSchemas(BundleContext context, Supplier<MetaTypeService> service) {
        this.context = context;
        this.service = service;
    }

    @Override
    public ObjectClassDefinition apply(ConfigFileName id) {
        MetaTypeService mts = service.get();
        if (mts == null) {
            return null;
        }
        String pid = id.isFactory() ? id.factoryPid() : id.pid();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            try {
                MetaTypeInformation info = mts.getMetaTypeInformation(b);
                if (info == null) {
                    continue;
                }
                String[] pids = id.isFactory() ? info.getFactoryPids() : info.getPids();
                if (pids != null && Arrays.asList(pids).contains(pid)) {
                    return info.getObjectClassDefinition(pid, null);
                }
            } catch (RuntimeException e) {
                // a bundle with broken metatype resources describes nothing; keep looking
            }
        }
        return null;
    }
}
