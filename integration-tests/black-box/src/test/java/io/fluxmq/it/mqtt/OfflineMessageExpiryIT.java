package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import org.junit.jupiter.api.Test;

/**
 * Message Expiry of messages queued for an offline session (MQTT 5.0 section 3.3.2.3.3) on each
 * storage backend, and across a restart of the broker: a message is delivered with its Message
 * Expiry Interval reduced by the time it waited (MQTT-3.3.2-6), and not at all once it expired
 * (MQTT-3.3.2-5). The time spent while the broker was down counts as waiting too.
 */
class OfflineMessageExpiryIT {
    private static final byte[] SESSION = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 600).build();

    @Test
    void onTheMemoryBackend_MQTT_3_3_2_5_MQTT_3_3_2_6() {
        try (MqttDistribution broker = MqttDistribution.named("offline-expiry-memory")
                .etc("io.fluxmq.storage.config", "backend=\"memory\"\n").start()) {
            long published = subscribeThenPublishWhileAway(broker, "expiry-memory");
            Raw.sleep(3_500);
            assertOnlyTheLongLivedMessageArrives(broker, "expiry-memory", published);
        }
    }

    @Test
    void onRocksDbAcrossARestart_MQTT_3_3_2_5_MQTT_3_3_2_6() {
        try (MqttDistribution broker = MqttDistribution.named("offline-expiry-rocksdb").start()) {
            long published = subscribeThenPublishWhileAway(broker, "expiry-rocksdb");
            broker.stop();
            broker.restart();
            long waited = System.currentTimeMillis() - published;
            if (waited < 3_500) {
                Raw.sleep(3_500 - waited);
            }
            assertOnlyTheLongLivedMessageArrives(broker, "expiry-rocksdb", published);
        }
    }

    @Test
    void onRocksDbAcrossAKill_MQTT_3_3_2_5_MQTT_3_3_2_6() {
        try (MqttDistribution broker = MqttDistribution.named("offline-expiry-kill").start()) {
            long published = subscribeThenPublishWhileAway(broker, "expiry-kill");
            broker.kill();
            broker.restart();
            long waited = System.currentTimeMillis() - published;
            if (waited < 3_500) {
                Raw.sleep(3_500 - waited);
            }
            assertOnlyTheLongLivedMessageArrives(broker, "expiry-kill", published);
        }
    }

    /** A persistent subscriber goes away; "long" (60 s), "short" (3 s) and "none" (no expiry) are queued for it. */
    private static long subscribeThenPublishWhileAway(MqttDistribution broker, String name) {
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect(name + "-sub").cleanStart(false).properties(SESSION));
            Raw.subscribed(sub, name + "/#", 1);
            sub.send(Packets.disconnect());
            sub.awaitClose();
        }
        long published = System.currentTimeMillis();
        try (RawClient pub = Raw.connect5(broker, name + "-pub")) {
            Raw.publish1(pub, name + "/long", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 60).build(), "long",
                    false);
            Raw.publish1(pub, name + "/short", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 3).build(), "short",
                    false);
            Raw.publish1(pub, name + "/none", "none", false);
        }
        return published;
    }

    private static void assertOnlyTheLongLivedMessageArrives(MqttDistribution broker, String name, long published) {
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            ReceivedPacket connAck = sub.connectOk(Packets.connect(name + "-sub").cleanStart(false).properties(SESSION));
            assertThat(connAck.sessionPresent()).isTrue();
            ReceivedPacket first = Raw.receiveAndAck(sub);
            long waitedSeconds = (System.currentTimeMillis() - published) / 1000;
            assertThat(first.payloadText()).as("the 3 s message expired while queued").isEqualTo("long");
            assertThat(first.props().number(Props.MESSAGE_EXPIRY_INTERVAL)).as("expiry after waiting " + waitedSeconds
                    + " s").isBetween(1L, 60 - Math.max(3, waitedSeconds - 1));
            ReceivedPacket second = Raw.receiveAndAck(sub);
            assertThat(second.payloadText()).isEqualTo("none");
            assertThat(second.props().has(Props.MESSAGE_EXPIRY_INTERVAL)).as("no expiry set, none sent").isFalse();
            sub.expectNothing(RawClient.QUIET);
        }
    }
}
