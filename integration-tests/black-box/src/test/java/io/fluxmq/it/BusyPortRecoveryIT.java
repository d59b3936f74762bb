package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.RawClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, rule 6: a listener whose port is taken at start says so, is not ready, and starts
 * serving by itself once the port is free, without any configuration change: the HTTP listener
 * (console, /health, /ready) and the MQTT TCP listener. Their backoff starts at 1 s and doubles up
 * to 30 s, so a port freed a few seconds after start is taken within a few seconds.
 */
class BusyPortRecoveryIT {
    /** The retry backoff when the port is freed early plus Jetty's start; far below the 30 s cap. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    void busyHttpPortIsRetriedAndServedOnceFreeWithoutAConfigurationChange() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (Broker broker = Broker.prepare("busy-http")) {
            int busy = squatter.getLocalPort();
            broker.setHttpPort(busy);
            broker.startProcess();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> broker.log().contains("HEALTH-2001"));
            String line = broker.log().lines().filter(l -> l.contains("HEALTH-2001")).findFirst().orElseThrow();
            assertThat(line).contains("fluxmq-http").contains("127.0.0.1:" + busy).contains("Retrying");
            Thread.sleep(3_000); // a few attempts while the port stays taken: logged once, not per attempt
            assertThat(broker.log().lines().filter(l -> l.contains("HEALTH-2001")).count()).isEqualTo(1);

            squatter.close();
            long freed = System.nanoTime();
            java.util.List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).alias("/health 200; seen " + seen)
                    .until(() -> {
                        int status = broker.status("/health");
                        if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                            seen.add(status);
                        }
                        return status == 200;
                    });
            long millis = (System.nanoTime() - freed) / 1_000_000;
            System.out.println("BusyPortRecoveryIT: HTTP served " + millis + " ms after the port was freed");
            broker.awaitReady(Duration.ofSeconds(60));
            assertThat(broker.log()).contains("HEALTH-0001");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> broker.get("/system/console/bundles", "admin", "admin").statusCode() == 200);
        } finally {
            squatter.close();
        }
    }

    @Test
    void busyMqttPortIsNotReadyUntilFreeThenClientsConnect() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (Broker broker = Broker.prepare("busy-mqtt")) {
            int busy = squatter.getLocalPort();
            broker.setMqttPort(busy);
            broker.startProcess();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                HttpResponse<String> ready = broker.status("/health") == 200 ? broker.get("/ready") : null;
                return ready != null && ready.statusCode() == 503 && ready.body().contains("mqtt-tcp")
                        && ready.body().contains("cannot bind");
            });
            assertThat(broker.log()).contains("TRANSPORT-1001 listener 'mqtt-tcp' cannot bind 127.0.0.1:" + busy);
            Thread.sleep(3_000);
            assertThat(broker.get("/ready").statusCode()).as("still not ready while the port is taken").isEqualTo(503);
            assertThat(broker.log().lines().filter(l -> l.contains("TRANSPORT-1001")).count())
                    .as("logged once, not per attempt").isEqualTo(1);

            squatter.close();
            long freed = System.nanoTime();
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250))
                    .until(() -> broker.get("/ready").statusCode() == 200);
            long millis = (System.nanoTime() - freed) / 1_000_000;
            System.out.println("BusyPortRecoveryIT: MQTT listener ready " + millis + " ms after the port was freed");
            assertThat(broker.log()).contains("TRANSPORT-0001 listener 'mqtt-tcp' bound 127.0.0.1:" + busy);
            try (RawClient c = RawClient.open(busy)) {
                c.connectOk(Packets.connect("after-busy-port"));
            }
        } finally {
            squatter.close();
        }
    }
}
