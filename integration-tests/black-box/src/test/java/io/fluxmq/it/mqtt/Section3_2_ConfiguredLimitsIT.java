package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static io.fluxmq.it.mqtt.Raw.assertRefusedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CONNACK (MQTT 5.0 section 3.2) of a broker configured below the protocol's maxima through
 * {@code etc/io.fluxmq.mqtt.config}: each limit is announced to MQTT 5 clients, and a client that
 * goes past it gets the reason code the specification names.
 */
class Section3_2_ConfiguredLimitsIT {
    private static final int MAX_PACKET_SIZE = 4096;
    private static final int RECEIVE_MAXIMUM = 3;
    private static final int TOPIC_ALIAS_MAXIMUM = 2;
    private static final int SERVER_KEEP_ALIVE = 3;
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-limits")
                .mqtt("max.qos", "I\"1\"")
                .mqtt("retain.available", "B\"false\"")
                .mqtt("max.packet.size", "I\"" + MAX_PACKET_SIZE + "\"")
                .mqtt("receive.maximum", "I\"" + RECEIVE_MAXIMUM + "\"")
                .mqtt("topic.alias.maximum", "I\"" + TOPIC_ALIAS_MAXIMUM + "\"")
                .mqtt("server.keep.alive", "I\"" + SERVER_KEEP_ALIVE + "\"")
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RawClient open() {
        return RawClient.open(broker.tcpPort());
    }

    @Test
    void maximumQosIsAnnouncedWhenQos2IsNotSupported_MQTT_3_2_2_9() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("lim-maxqos"));
            assertThat(ack.props().number(Props.MAXIMUM_QOS)).as(ack.toString()).isEqualTo(1L);
        }
    }

    @Test
    void subscribeAtQos2IsStillAcceptedAndGrantedTheMaximum_MQTT_3_2_2_10() {
        try (RawClient c = Raw.connect5(broker, "lim-sub2")) {
            assertThat(Raw.subscribe(c, "lim/sub2", 2).reasonCodes()).containsExactly(1);
        }
        try (RawClient c = Raw.connect311(broker, "lim-sub2-311")) {
            assertThat(Raw.subscribe(c, "lim/sub2", 2).reasonCodes()).containsExactly(1);
        }
    }

    @Test
    void publishAboveTheMaximumQosIsDisconnectedWith0x9B_section_3_3_1_2() {
        try (RawClient c = Raw.connect5(broker, "lim-pub2")) {
            c.send(Packets.publish(true, "lim/pub2", 2, false, 1, "x"));
            assertDisconnectedWith(c, 0x9B);
        }
    }

    @Test
    void willQosAboveTheMaximumIsRefusedWith0x9B_MQTT_3_2_2_12() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("lim-will2").will("lim/will", "w", 2, false));
            assertRefusedWith(c, 0x9B);
        }
    }

    @Test
    void retainNotAvailableIsAnnounced_section_3_2_2_3_5() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("lim-retain"));
            assertThat(ack.props().number(Props.RETAIN_AVAILABLE)).as(ack.toString()).isEqualTo(0L);
        }
    }

    @Test
    void willRetainWithoutRetainAvailableIsRefusedWith0x9A_MQTT_3_2_2_13() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("lim-willretain").will("lim/will", "w", 0, true));
            assertRefusedWith(c, 0x9A);
        }
    }

    @Test
    void retainedPublishWithoutRetainAvailableIsDisconnectedWith0x9A_MQTT_3_2_2_14() {
        try (RawClient c = Raw.connect5(broker, "lim-pubretain")) {
            c.send(Packets.publish(true, "lim/retain", 0, true, 0, "x"));
            assertDisconnectedWith(c, 0x9A);
        }
    }

    @Test
    void configuredMaximumPacketSizeIsAnnouncedAndEnforced_section_3_2_2_3_6() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("lim-size"));
            assertThat(ack.props().number(Props.MAXIMUM_PACKET_SIZE)).isEqualTo((long) MAX_PACKET_SIZE);
            // 1 + 2 (length) + 2 + 8 (topic) + 1 (properties) + payload = 4097 bytes: one too many
            c.trySend(Packets.publish(true, "lim/size", 0, false, 0, Props.empty(), new byte[MAX_PACKET_SIZE - 13]));
            assertDisconnectedWith(c, 0x95);
        }
        try (RawClient sub = Raw.connect5(broker, "lim-size-sub"); RawClient pub = Raw.connect5(broker, "lim-size-pub")) {
            Raw.subscribed(sub, "lim/size", 0);
            pub.send(Packets.publish(true, "lim/size", 0, false, 0, Props.empty(), new byte[MAX_PACKET_SIZE - 14]));
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payload()).hasSize(MAX_PACKET_SIZE - 14);
        }
    }

    @Test
    void oversizedPacketIsRefusedAlsoForMqtt311V311_MQTT_4_8_0_1() {
        // 3.1.1 has no Maximum Packet Size property and no DISCONNECT from the server: the connection is closed
        try (RawClient c = Raw.connect311(broker, "lim-size-311")) {
            c.trySend(Packets.publish(false, "lim/size", 0, false, 0, Props.empty(), new byte[MAX_PACKET_SIZE]));
            Raw.assertClosedSilently(c);
        }
    }

    @Test
    void topicAliasMaximumIsAnnounced_MQTT_3_2_2_17() {
        try (RawClient c = open()) {
            assertThat(c.connectOk(Packets.connect("lim-alias")).props().number(Props.TOPIC_ALIAS_MAXIMUM))
                    .isEqualTo((long) TOPIC_ALIAS_MAXIMUM);
        }
    }

    @Test
    void topicAliasesUpToTheMaximumAreAccepted_MQTT_3_3_2_12() {
        try (RawClient sub = Raw.connect5(broker, "lim-alias-sub"); RawClient pub = Raw.connect5(broker, "lim-alias-pub")) {
            Raw.subscribed(sub, "lim/alias/#", 0);
            for (int alias = 1; alias <= TOPIC_ALIAS_MAXIMUM; alias++) {
                byte[] set = Props.builder().u16(Props.TOPIC_ALIAS, alias).build();
                pub.send(Packets.publish(true, "lim/alias/" + alias, 0, false, 0, set, bytes("set")));
                assertThat(sub.expect(ReceivedPacket.PUBLISH).topic()).isEqualTo("lim/alias/" + alias);
            }
            for (int alias = TOPIC_ALIAS_MAXIMUM; alias >= 1; alias--) {
                byte[] use = Props.builder().u16(Props.TOPIC_ALIAS, alias).build();
                pub.send(Packets.publish(true, "", 0, false, 0, use, bytes("use")));
                ReceivedPacket got = sub.expect(ReceivedPacket.PUBLISH);
                assertThat(got.topic()).isEqualTo("lim/alias/" + alias);
                assertThat(got.payloadText()).isEqualTo("use");
            }
        }
    }

    @Test
    void topicAliasAboveTheMaximumIsDisconnectedWith0x94_section_3_3_2_3_4() {
        try (RawClient c = Raw.connect5(broker, "lim-alias-over")) {
            byte[] over = Props.builder().u16(Props.TOPIC_ALIAS, TOPIC_ALIAS_MAXIMUM + 1).build();
            c.send(Packets.publish(true, "lim/alias/over", 0, false, 0, over, bytes("x")));
            assertDisconnectedWith(c, 0x94);
        }
    }

    @Test
    void receiveMaximumIsAnnounced_section_3_2_2_3_3() {
        try (RawClient c = open()) {
            assertThat(c.connectOk(Packets.connect("lim-recvmax")).props().number(Props.RECEIVE_MAXIMUM))
                    .isEqualTo((long) RECEIVE_MAXIMUM);
        }
    }

    @Test
    void moreUnacknowledgedPublishesThanReceiveMaximumIsDisconnectedWith0x93_section_3_3_4() {
        // max.qos is 1 here, so QoS 1 PUBLISHes are sent faster than any ack can come back: one write
        try (RawClient c = Raw.connect5(broker, "lim-recvmax-over")) {
            byte[][] burst = new byte[200][];
            for (int i = 0; i < burst.length; i++) {
                burst[i] = Packets.publish(true, "lim/recvmax", 1, false, i + 1, "m" + i);
            }
            c.trySend(RawClient.concat(burst));
            List<ReceivedPacket> before = c.awaitClose(Duration.ofSeconds(10));
            // each PUBACK the broker sent opened room for another PUBLISH; once more than RECEIVE_MAXIMUM are
            // pending it must stop with 0x93 (the spec's reaction) rather than take all of them
            ReceivedPacket last = before.get(before.size() - 1);
            assertThat(last.type()).as("last packet before the close: " + last).isEqualTo(ReceivedPacket.DISCONNECT);
            assertThat(last.reasonCode()).isEqualTo(0x93);
            assertThat(before.stream().filter(p -> p.type() == ReceivedPacket.PUBACK).count()).isLessThan(200);
        }
    }

    @Test
    void serverKeepAliveIsAnnouncedAndUsed_MQTT_3_2_2_21() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("lim-keepalive").keepAlive(600));
            assertThat(ack.props().number(Props.SERVER_KEEP_ALIVE)).isEqualTo((long) SERVER_KEEP_ALIVE);
            long start = System.nanoTime();
            List<ReceivedPacket> before = c.awaitClose(Duration.ofSeconds(10));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("closed after 1.5 times the Server Keep Alive, not the client's 600 s")
                    .isBetween(SERVER_KEEP_ALIVE * 1000L, SERVER_KEEP_ALIVE * 2500L);
            assertThat(before).extracting(ReceivedPacket::reasonCode).containsExactly(0x8D);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
