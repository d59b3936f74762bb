package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A listener whose port is taken reports it clearly, by name and address; the broker keeps
 * running and picks up a corrected port live.
 */
class PortInUseIT {

    @Test
    void busyHttpPortIsReportedAndTheBrokerRecoversWhenTheConfigurationChanges() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Broker broker = Broker.prepare("port-in-use")) {
            int busy = squatter.getLocalPort();
            broker.setHttpPort(busy);
            broker.startProcess();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> broker.log().contains("HEALTH-2001"));
            String line = broker.log().lines().filter(l -> l.contains("HEALTH-2001")).findFirst().orElseThrow();
            assertThat(line).contains("fluxmq-http").contains("127.0.0.1:" + busy).contains("keeps running");
            assertThat(broker.isAlive()).isTrue();

            int free = Broker.freePort();
            broker.setHttpPort(free);
            broker.awaitReady(Duration.ofSeconds(60));
            assertThat(broker.get("/ready").statusCode()).isEqualTo(200);
        }
    }
}
