package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A new build of a FluxMQ bundle copied into deploy/ updates the running bundle in place. */
class HotDeployIT {
    private static final String BSN = "io.fluxmq.health";
    private static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start("hot-deploy");
        // The console registers after the other servlets.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> bundle(BSN) != null);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void newJarInDeployUpdatesTheBundleInPlace() throws Exception {
        JsonNode before = bundle(BSN);
        assertThat(before.get("state").asText()).isEqualTo("Active");
        long id = before.get("id").asLong();

        Path jar = Files.list(broker.home().resolve("deploy"))
                .filter(p -> p.getFileName().toString().startsWith(BSN + "-")).findFirst().orElseThrow();
        Path rebuilt = broker.home().resolve("rebuilt.jar");
        withVersion(jar, rebuilt, "0.1.0.hotfix1");
        Files.move(rebuilt, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        // While the bundle updates, the console may briefly answer with an error page: keep polling.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> bundle(BSN).get("version").asText().equals("0.1.0.hotfix1"));
        JsonNode after = bundle(BSN);
        assertThat(after.get("id").asLong()).as("same bundle id").isEqualTo(id);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> bundle(BSN).get("state").asText().equals("Active"));
        // The updated bundle serves /ready again.
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.status("/ready") == 200);

        // A bundle update makes the configuration watcher check the files it applied before their
        // metatype was known; that check must not re-apply etc/org.apache.felix.http.config, which
        // would restart Jetty and drop the HTTP port for a moment. A file written after the update
        // is applied in that check's scan or a later one; its next edit in a later scan still, so
        // once the edit is applied the check is over.
        String applied = "CONFIG-0001 applied etc/io.fluxmq.hotdeploy.probe.config";
        for (int edit = 1; edit <= 2; edit++) {
            broker.writeEtc("io.fluxmq.hotdeploy.probe.config", "edit=I\"" + edit + "\"\n");
            int expected = edit;
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.log().split(applied, -1).length - 1 == expected);
        }
        assertThat(broker.log()).as("the HTTP listener is not restarted by a bundle update")
                .doesNotContain("Stopped Jetty");
    }

    @Test
    void aListenerWhoseProtocolBundleIsGoneIsNotReady() throws Exception {
        Path jar;
        try (var files = Files.list(broker.home().resolve("deploy"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("io\\.fluxmq\\.mqtt-\\d.*\\.jar")).findFirst()
                    .orElseThrow();
        }
        Path aside = broker.home().resolve(jar.getFileName() + ".aside");
        Files.move(jar, aside);
        // Every remaining bundle is active and satisfied: only the listeners know they serve nothing.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> broker.status("/ready") == 503);
        assertThat(broker.get("/ready").body()).contains("listener 'mqtt-tcp' has no mqtt handler yet")
                .contains("listener 'mqtt-ws' has no mqtt handler yet");

        Files.move(aside, jar);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> broker.status("/ready") == 200);
    }

    private static JsonNode bundle(String bsn) throws IOException {
        JsonNode all = new ObjectMapper().readTree(broker.get("/system/console/bundles.json", "admin", "admin").body());
        for (JsonNode b : all.get("data")) {
            if (b.get("symbolicName").asText().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Copies a bundle with another Bundle-Version, as a rebuild with a new version would produce. */
    private static void withVersion(Path from, Path to, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(from))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream os = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(os, manifest)) {
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    copy(in, out);
                    out.closeEntry();
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
    }
}
