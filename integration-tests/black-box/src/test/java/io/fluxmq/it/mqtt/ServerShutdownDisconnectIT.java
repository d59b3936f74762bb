package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.time.Duration;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: when the MQTT broker stops (its bundle updated, or the whole process stopped),
 * connected MQTT 5 clients must be told why with DISCONNECT 0x8B Server shutting down (section
 * 4.13). They got a bare close: DS unregisters the ProtocolHandler service before it deactivates
 * the component, and the listeners closed the channels then, before the broker could write
 * anything (and released the sessions as lost). Listeners now ask the handler to end its
 * connections first (ProtocolHandler.shutdown).
 */
class ServerShutdownDisconnectIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-shutdown").start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void anUpdateOfTheMqttBundleTellsConnectedMqtt5ClientsWith0x8B_section_4_13() {
        try (RawClient c = Raw.connect5(broker, "shutdown-update")) {
            broker.redeploy("io.fluxmq.mqtt-");
            assertThat(c.awaitClose(Duration.ofSeconds(30))).extracting(ReceivedPacket::typeName, ReceivedPacket::reasonCode)
                    .containsExactly(Tuple.tuple("DISCONNECT", 0x8B));
        }
    }

    @Test
    void stoppingTheBrokerTellsConnectedMqtt5ClientsWith0x8B_section_4_13() {
        try (RawClient c = Raw.connect5(broker, "shutdown-stop")) {
            broker.stop();
            try {
                assertThat(c.awaitClose(Duration.ofSeconds(30))).extracting(ReceivedPacket::typeName,
                        ReceivedPacket::reasonCode).containsExactly(Tuple.tuple("DISCONNECT", 0x8B));
            } finally {
                broker.restart();
            }
        }
    }
}
