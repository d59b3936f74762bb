package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.storage.conformance.TestMessages;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The packaged bundle in Felix with SCR, in this JVM: it resolves with only its declared imports,
 * the components activate and register the stores with {@code fluxmq.storage=rocksdb}, RocksJava
 * loads the native library that Felix extracted for {@code Bundle-NativeCode}, a bundle update
 * reopens the same database without losing anything, and a corrupt directory fails activation
 * with a message naming it. The API, SLF4J and DS API packages come from this class path through
 * the system bundle, so the test can call the services directly.
 */
class RocksDbBundleIT {
    private static final long WAIT_MS = 30_000;

    private final Path work = Path.of(System.getProperty("fluxmq.test.work", "target/it-work"))
            .resolve(Long.toString(System.nanoTime())).toAbsolutePath();
    private Framework framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(WAIT_MS);
        }
    }

    @Test
    void storesRegisterAndAnUpdatedBundleReopensTheSameDatabase() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Bundle bundle = start(home);
        BundleContext ctx = framework.getBundleContext();

        StateStore state = waitFor(ctx, StateStore.class, null);
        LogStore log = waitFor(ctx, LogStore.class, null);
        await(state.saveSession(new SessionState("kept", "mqtt", 5, 60, 0)));
        assertThat(await(log.append("q", TestMessages.simple("q/t", "before update")))).isZero();
        assertThat(Files.exists(home.resolve("data/rocksdb/CURRENT"))).as("default path under fluxmq.home").isTrue();
        assertThat(loadedCopiesUnder(work)).as("librocksdbjni mapped from the framework's cache").isEqualTo(1);
        long stateServiceId = serviceId(ctx, StateStore.class);

        try (InputStream in = Files.newInputStream(bundleJar())) {
            bundle.update(in);
        }
        StateStore state2 = waitFor(ctx, StateStore.class, stateServiceId);
        LogStore log2 = waitFor(ctx, LogStore.class, null);

        assertThat(await(state2.loadSession("kept"))).as("session after the update").isPresent();
        assertThat(log2.nextOffset("q")).isEqualTo(1);
        assertThat(await(log2.append("q", TestMessages.simple("q/t", "after update")))).isEqualTo(1L);
        assertThat(loadedCopiesUnder(work)).as("the new revision loaded its own extracted copy").isEqualTo(2);
        assertThat(bundle.getHeaders().get(Constants.IMPORT_PACKAGE)).doesNotContain("org.rocksdb");
    }

    @Test
    void aCorruptDatabaseFailsActivationWithTheDirectoryAndCauseAndIsLeftAlone() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Path db = Files.createDirectories(home.resolve("data/rocksdb"));
        Files.writeString(db.resolve("CURRENT"), "MANIFEST-000042\n");
        Files.write(db.resolve("MANIFEST-000042"), "not a manifest".getBytes(StandardCharsets.UTF_8));
        Map<String, String> before = Fixtures.fingerprint(db);

        start(home);
        ServiceComponentRuntime scr = waitFor(framework.getBundleContext(), ServiceComponentRuntime.class, null);
        String failure = waitUntil(() -> failureOf(scr, RocksDbEnvironment.PID), "activation failure of the environment");

        String firstLine = failure.lines().findFirst().orElse("");
        assertThat(firstLine).as("what the readiness check shows after 'activation failed: '")
                .startsWith(io.fluxmq.storage.rocksdb.engine.DatabaseOpenException.class.getName()
                        + ": ROCKS-1005 cannot open the RocksDB store in " + db)
                .containsIgnoringCase("corrupt");
        assertThat(stateOf(scr, RocksDbStateStore.PID)).as("the state store waits for the environment")
                .isEqualTo(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertThat(stateOf(scr, RocksDbLogStore.PID)).isEqualTo(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertThat(framework.getBundleContext().getServiceReferences(LogStore.class, null)).isEmpty();
        assertThat(framework.getBundleContext().getServiceReferences(StateStore.class, null)).isEmpty();
        assertThat(Fixtures.fingerprint(db)).as("the directory after the failed activation").isEqualTo(before);
    }

    private Bundle start(Path home) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                "io.fluxmq.api.message;version=1.0.0", "io.fluxmq.api.router;version=1.0.0",
                "io.fluxmq.api.storage;version=1.2.0", "io.fluxmq.api.topic;version=1.0.0",
                "org.slf4j;version=2.0.17", "org.osgi.service.component;version=1.5.1",
                "org.osgi.service.component.runtime;version=1.5", "org.osgi.service.component.runtime.dto;version=1.5",
                "org.osgi.util.promise;version=1.3.0", "org.osgi.util.function;version=1.2"));
        config.put("fluxmq.home", home.toString());
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
        framework.start();
        BundleContext ctx = framework.getBundleContext();
        Bundle scr = ctx.installBundle(classPathJar("org.apache.felix.scr-").toUri().toString());
        Bundle bundle = ctx.installBundle(bundleJar().toUri().toString());
        scr.start();
        bundle.start();
        return bundle;
    }

    private static Path bundleJar() {
        return Path.of(System.getProperty("fluxmq.test.bundle", "target/io.fluxmq.storage-rocksdb-0.1.0-SNAPSHOT.jar"));
    }

    private static Path classPathJar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith(prefix)) {
                return p;
            }
        }
        throw new AssertionError(prefix + "*.jar is not on the test class path");
    }

    /** Mapped files named librocksdbjni* under {@code dir}: /proc/self/maps lists each mapping of a library. */
    private static long loadedCopiesUnder(Path dir) throws IOException {
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        return maps.stream().filter(l -> l.contains("librocksdbjni"))
                .map(l -> l.substring(l.indexOf('/')))
                .filter(p -> p.startsWith(dir.toString())).distinct().count();
    }

    private static long serviceId(BundleContext ctx, Class<?> type) {
        return (Long) ctx.getServiceReference(type).getProperty(Constants.SERVICE_ID);
    }

    /** A service with fluxmq.storage=rocksdb where that applies, other than the one with {@code notId}. */
    private static <T> T waitFor(BundleContext ctx, Class<T> type, Long notId) throws Exception {
        String filter = type == ServiceComponentRuntime.class ? null : "(fluxmq.storage=rocksdb)";
        return waitUntil(() -> {
            try {
                for (ServiceReference<T> ref : ctx.getServiceReferences(type, filter)) {
                    if (notId == null || !notId.equals(ref.getProperty(Constants.SERVICE_ID))) {
                        return ctx.getService(ref);
                    }
                }
                return null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, type.getSimpleName() + " service");
    }

    private static String failureOf(ServiceComponentRuntime scr, String component) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals(component)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return c.failure;
                    }
                }
            }
        }
        return null;
    }

    private static int stateOf(ServiceComponentRuntime scr, String component) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals(component)) {
                return scr.getComponentConfigurationDTOs(d).stream().mapToInt(c -> c.state).findFirst().orElse(-1);
            }
        }
        return -1;
    }

    private static <T> T waitUntil(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError(what + " did not appear within " + WAIT_MS + " ms");
    }
}
