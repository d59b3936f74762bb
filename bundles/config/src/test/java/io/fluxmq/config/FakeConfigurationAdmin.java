package io.fluxmq.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** In-memory Configuration Admin: enough of the contract (R7 named factory configurations, lists by filter). */
final class FakeConfigurationAdmin implements ConfigurationAdmin {
    final Map<String, FakeConfiguration> configs = new LinkedHashMap<>();
    int updates;
    int deletes;
    IOException failUpdates;

    final class FakeConfiguration implements Configuration {
        private final String pid;
        private final String factoryPid;
        private Hashtable<String, Object> props;
        private long changeCount;

        FakeConfiguration(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            if (props == null) {
                return null;
            }
            Hashtable<String, Object> copy = new Hashtable<>(props);
            copy.put("service.pid", pid);
            if (factoryPid != null) {
                copy.put("service.factoryPid", factoryPid);
            }
            return copy;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> properties) throws IOException {
            if (failUpdates != null) {
                throw failUpdates;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                copy.put(k, properties.get(k));
            }
            copy.remove("service.pid");
            copy.remove("service.factoryPid");
            props = copy;
            changeCount++;
            updates++;
        }

        @Override
        public void delete() {
            configs.remove(pid);
            deletes++;
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> properties) throws IOException {
            update(properties);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return changeCount;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
        }
    }

    /** The properties of a configuration without service.pid / factoryPid, or null. */
    Map<String, Object> props(String pid) {
        FakeConfiguration c = configs.get(pid);
        if (c == null || c.props == null) {
            return null;
        }
        return new LinkedHashMap<>(c.props);
    }

    /** An edit made elsewhere (Web Console): replaces the properties. */
    void consoleEdit(String pid, Map<String, Object> props) throws IOException {
        configs.get(pid).update(new Hashtable<>(props));
    }

    /** A configuration created before (persisted by Configuration Admin across restarts). */
    void preset(String pid, String factoryPid, Map<String, Object> props) throws IOException {
        FakeConfiguration c = new FakeConfiguration(pid, factoryPid);
        configs.put(pid, c);
        c.update(new Hashtable<>(props));
        updates--;
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return configs.computeIfAbsent(pid, p -> new FakeConfiguration(p, null));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        return configs.computeIfAbsent(factoryPid + "~" + name, p -> new FakeConfiguration(p, factoryPid));
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> out = new ArrayList<>();
        for (FakeConfiguration c : configs.values()) {
            Dictionary<String, Object> p = c.getProperties();
            if (p != null && (f == null || f.match(p))) {
                out.add(c);
            }
        }
        return out.isEmpty() ? null : out.toArray(new Configuration[0]);
    }
}
