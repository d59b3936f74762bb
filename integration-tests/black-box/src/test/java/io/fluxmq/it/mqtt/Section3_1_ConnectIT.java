package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertClosedSilently;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CONNECT (MQTT 5.0 section 3.1, MQTT 3.1.1 section 3.1) against the running distribution, with
 * the raw client. Statement ids are MQTT 5.0's; a test whose name contains {@code V311} speaks
 * MQTT 3.1.1 and cites that specification's ids.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_1_ConnectIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient open() {
        return RawClient.open(broker.tcpPort());
    }

    @Test
    void firstPacketMustBeConnect_MQTT_3_1_0_1() {
        try (RawClient c = open()) {
            c.send(Packets.pingreq());
            assertClosedSilently(c);
        }
        try (RawClient c = open()) {
            c.send(Packets.publish(true, "c31/first", 0, false, 0, "x"));
            assertClosedSilently(c);
        }
    }

    @Test
    void secondConnectIsAProtocolError_MQTT_3_1_0_2() {
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-second"));
            c.send(Packets.connect("c31-second").build());
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void secondConnectClosesTheConnectionV311_MQTT_3_1_0_2() {
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-second-311").v311());
            c.send(Packets.connect("c31-second-311").v311().build());
            assertClosedSilently(c);
        }
    }

    @Test
    void protocolNameOtherThanMqttIsNotAccepted_MQTT_3_1_2_1() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-name").protocol("MQTX", 5));
            assertClosedSilently(c);
        }
    }

    @Test
    void unsupportedProtocolLevelIsRefusedWith0x84_MQTT_3_1_2_2() {
        try (RawClient c = open()) {
            // a level above 5 is answered in MQTT 5's CONNACK format, which such a client can read
            c.sendConnect(Packets.connect("c31-level6").protocol("MQTT", 6).build(), true);
            assertRefusedWith(c, 0x84);
        }
    }

    @Test
    void unsupportedProtocolLevelIsRefusedWithReturnCode1V311_MQTT_3_1_2_2() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-mqisdp").protocol("MQIsdp", 3));
            assertRefusedWith(c, 0x01);
        }
    }

    @Test
    void reservedConnectFlagMustBeZero_MQTT_3_1_2_3() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-reserved").orFlags(0x01));
            assertRefusedWith(c, 0x81);
        }
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-reserved-311").v311().orFlags(0x01));
            assertClosedSilently(c);
        }
    }

    @Test
    void willQosMustBeZeroWithoutWillFlag_MQTT_3_1_2_11() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-willqos").flags(0x02 | 0x08));
            assertRefusedWith(c, 0x81);
        }
    }

    @Test
    void willQos3MustNotBeUsed_MQTT_3_1_2_12() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-willqos3").will("c31/will", "w", 0, false).orFlags(0x18));
            assertRefusedWith(c, 0x81);
        }
    }

    @Test
    void willRetainMustBeZeroWithoutWillFlag_MQTT_3_1_2_13() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-willretain").flags(0x02 | 0x20));
            assertRefusedWith(c, 0x81);
        }
    }

    @Test
    void passwordWithoutUserNameIsMalformedV311_MQTT_3_1_2_22() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-pw-311").v311().password("secret".getBytes(StandardCharsets.UTF_8)));
            assertClosedSilently(c);
        }
    }

    @Test
    void passwordWithoutUserNameIsAllowedInMqtt5_section_3_1_2_9() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connect(Packets.connect("c31-pw-5").password("secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(ack.reasonCode()).isZero();
        }
    }

    @Test
    void clientIdOf1To23AlphanumericsIsAllowed_MQTT_3_1_3_5() {
        for (String id : List.of("a", "0123456789abcdefghijkLM", "ZZZZZZZZZZZZZZZZZZZZZZZ")) {
            try (RawClient c = open()) {
                assertThat(c.connect(Packets.connect(id)).reasonCode()).as("MQTT 5, id " + id).isZero();
            }
            try (RawClient c = open()) {
                assertThat(c.connect(Packets.connect(id).v311()).reasonCode()).as("MQTT 3.1.1, id " + id).isZero();
            }
        }
    }

    @Test
    void emptyClientIdGetsAUniqueAssignedClientIdentifier_MQTT_3_1_3_6_MQTT_3_1_3_7_MQTT_3_2_2_16() {
        String first;
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect(""));
            first = ack.props().string(Props.ASSIGNED_CLIENT_IDENTIFIER);
            assertThat(first).as("Assigned Client Identifier in " + ack).isNotBlank();
            try (RawClient d = open()) {
                String second = d.connectOk(Packets.connect("")).props().string(Props.ASSIGNED_CLIENT_IDENTIFIER);
                assertThat(second).isNotBlank().isNotEqualTo(first);
                // both stay connected: neither took the other's session over
                c.send(Packets.pingreq());
                assertThat(c.receive().type()).isEqualTo(ReceivedPacket.PINGRESP);
                d.send(Packets.pingreq());
                assertThat(d.receive().type()).isEqualTo(ReceivedPacket.PINGRESP);
            }
        }
    }

    @Test
    void assignedClientIdentifierIsNotSentForAGivenClientId_MQTT_3_2_2_16() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c31-own-id"));
            assertThat(ack.props().has(Props.ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
        }
    }

    @Test
    void emptyClientIdWithCleanSessionIsAcceptedV311_MQTT_3_1_3_6() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connect(Packets.connect("").v311());
            assertThat(ack.reasonCode()).isZero();
            assertThat(ack.sessionPresent()).isFalse();
        }
    }

    @Test
    void emptyClientIdWithoutCleanSessionIsRefusedWith0x02V311_MQTT_3_1_3_8() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("").v311().cleanStart(false));
            assertRefusedWith(c, 0x02);
        }
    }

    @Test
    void illFormedUtf8ClientIdIsAMalformedPacket_MQTT_1_5_4_1_MQTT_3_1_3_4() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("x").clientIdBytes(new byte[] {'i', 'd', (byte) 0xC3, 0x28}));
            assertRefusedWith(c, 0x81);
        }
    }

    @Test
    void cleanStartGivesSessionPresent0_MQTT_3_2_2_2() {
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-sp0").cleanStart(false).properties(
                    Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build()));
            c.send(Packets.disconnect());
            c.awaitClose();
        }
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c31-sp0").cleanStart(true));
            assertThat(ack.sessionPresent()).as("session present with clean start 1").isFalse();
        }
    }

    @Test
    void resumedSessionGivesSessionPresent1_MQTT_3_2_2_3_MQTT_3_1_2_5() {
        byte[] expiry = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c31-sp1").cleanStart(false).properties(expiry));
            assertThat(ack.sessionPresent()).as("no session existed yet (MQTT-3.1.2-6)").isFalse();
            Raw.subscribed(c, "c31/sp1/#", 1);
            c.send(Packets.disconnect());
            c.awaitClose();
        }
        try (RawClient c = open(); RawClient pub = Raw.connect5(broker, "c31-sp1-pub")) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c31-sp1").cleanStart(false).properties(expiry));
            assertThat(ack.sessionPresent()).isTrue();
            Raw.publish1(pub, "c31/sp1/x", "kept", false);
            assertThat(Raw.receiveAndAck(c).payloadText()).as("the resumed subscription delivers").isEqualTo("kept");
        }
    }

    @Test
    void resumedSessionGivesSessionPresent1V311_MQTT_3_2_2_2() {
        try (RawClient c = open()) {
            assertThat(c.connectOk(Packets.connect("c31-sp1-311").v311().cleanStart(false)).sessionPresent()).isFalse();
            c.send(Packets.disconnect());
            c.awaitClose();
        }
        try (RawClient c = open()) {
            assertThat(c.connectOk(Packets.connect("c31-sp1-311").v311().cleanStart(false)).sessionPresent()).isTrue();
            c.send(Packets.disconnect());
        }
        try (RawClient c = open()) {
            // a clean session ends the stored one (3.1.1 MQTT-3.1.2-6)
            assertThat(c.connectOk(Packets.connect("c31-sp1-311").v311().cleanStart(true)).sessionPresent()).isFalse();
        }
    }

    @Test
    void aSessionEndsWhenItsExpiryIntervalHasPassed_MQTT_3_1_2_23() {
        byte[] oneSecond = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 1).build();
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-expires").cleanStart(false).properties(oneSecond));
            Raw.subscribed(c, "c31/expires", 1);
            c.abort();
        }
        try (RawClient c = open()) {
            // within the interval the session is there
            assertThat(c.connectOk(Packets.connect("c31-expires").cleanStart(false).properties(oneSecond))
                    .sessionPresent()).isTrue();
            c.abort();
        }
        Raw.sleep(2_500);
        try (RawClient c = open(); RawClient pub = Raw.connect5(broker, "c31-expires-pub")) {
            assertThat(c.connectOk(Packets.connect("c31-expires").cleanStart(false).properties(oneSecond))
                    .sessionPresent()).as("after the interval").isFalse();
            Raw.publish1(pub, "c31/expires", "x", false);
            c.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void cleanStartDiscardsTheExistingSession_MQTT_3_1_2_4() {
        byte[] expiry = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-discard").cleanStart(false).properties(expiry));
            Raw.subscribed(c, "c31/discard/#", 1);
            c.send(Packets.disconnect());
            c.awaitClose();
        }
        try (RawClient c = open(); RawClient pub = Raw.connect5(broker, "c31-discard-pub")) {
            assertThat(c.connectOk(Packets.connect("c31-discard").cleanStart(true).properties(expiry)).sessionPresent())
                    .isFalse();
            Raw.publish1(pub, "c31/discard/x", "gone", false);
            c.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void takeoverDisconnectsTheExistingConnectionWith0x8E_MQTT_3_1_4_3() {
        try (RawClient first = open(); RawClient second = open()) {
            first.connectOk(Packets.connect("c31-takeover"));
            second.connectOk(Packets.connect("c31-takeover"));
            assertDisconnectedWith(first, 0x8E);
            second.send(Packets.pingreq());
            assertThat(second.receive().type()).isEqualTo(ReceivedPacket.PINGRESP);
        }
    }

    @Test
    void takeoverClosesTheExistingConnectionV311_MQTT_3_1_4_2() {
        try (RawClient first = open(); RawClient second = open()) {
            first.connectOk(Packets.connect("c31-takeover-311").v311());
            second.connectOk(Packets.connect("c31-takeover-311").v311());
            assertClosedSilently(first);
        }
    }

    @Test
    void takeoverOfAPersistentSessionResendsTheUnacknowledgedMessageToTheNewConnection_MQTT_4_4_0_1() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        try (RawClient first = open(); RawClient pub = Raw.connect5(broker, "c31-tko-pub")) {
            first.connectOk(Packets.connect("c31-tko").cleanStart(false).properties(session));
            Raw.subscribed(first, "c31/tko", 1);
            Raw.publish1(pub, "c31/tko", "in flight", false);
            ReceivedPacket unacked = first.expect(ReceivedPacket.PUBLISH);
            try (RawClient second = open()) {
                assertThat(second.connectOk(Packets.connect("c31-tko").cleanStart(false).properties(session))
                        .sessionPresent()).isTrue();
                assertDisconnectedWith(first, 0x8E);
                ReceivedPacket again = second.expect(ReceivedPacket.PUBLISH);
                assertThat(again.payloadText()).isEqualTo("in flight");
                assertThat(again.dup()).isTrue();
                assertThat(again.packetId()).isEqualTo(unacked.packetId());
                second.send(Packets.puback(again.packetId()));
                second.expectNothing(RawClient.QUIET);
            }
        }
    }

    @Test
    void takeoverBeforeTheWillDelayDoesNotPublishTheWill_MQTT_3_1_3_9() {
        byte[] props = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        try (RawClient w = Raw.connect5(broker, "c31-tkwill-w"); RawClient first = open()) {
            Raw.subscribed(w, "c31/tkwill", 1);
            first.connectOk(Packets.connect("c31-tkwill").cleanStart(false).properties(props)
                    .will("c31/tkwill", "should not be sent", 1, false)
                    .willProperties(Props.builder().u32(Props.WILL_DELAY_INTERVAL, 2).build()));
            try (RawClient second = open()) {
                second.connectOk(Packets.connect("c31-tkwill").cleanStart(false).properties(props));
                assertDisconnectedWith(first, 0x8E);
                w.expectNothing(java.time.Duration.ofSeconds(3));
                second.send(Packets.disconnect());
            }
        }
    }

    @Test
    void simultaneousConnectsWithOneClientIdLeaveExactlyOneConnection_MQTT_3_1_4_3() throws Exception {
        int n = 8;
        List<RawClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                clients.add(open());
            }
            // every CONNECT leaves at once, from several threads
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.CompletableFuture<Void>> sent = new java.util.ArrayList<>();
            for (RawClient c : clients) {
                sent.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    c.sendConnect(Packets.connect("c31-race").keepAlive(0));
                }));
            }
            go.countDown();
            for (var f : sent) {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            Raw.sleep(1_000);
            int alive = 0;
            RawClient survivor = null;
            for (RawClient c : clients) {
                c.send(Packets.pingreq());
                List<ReceivedPacket> got = new java.util.ArrayList<>();
                boolean open = true;
                ReceivedPacket p;
                try {
                    while ((p = c.poll(java.time.Duration.ofMillis(200))) != null) {
                        got.add(p);
                    }
                } catch (AssertionError closed) {
                    open = false;
                }
                if (open && got.stream().anyMatch(x -> x.type() == ReceivedPacket.PINGRESP)) {
                    alive++;
                    survivor = c;
                }
            }
            assertThat(alive).as("connections of client id c31-race still served").isEqualTo(1);
            Raw.subscribed(survivor, "c31/race", 1);
            try (RawClient pub = Raw.connect5(broker, "c31-race-pub")) {
                Raw.publish1(pub, "c31/race", "to the survivor", false);
            }
            assertThat(Raw.receiveAndAck(survivor).payloadText()).isEqualTo("to the survivor");
        } finally {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void receiveMaximumZeroIsAProtocolError_section_3_1_2_11_3() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-rm0").properties(Props.builder().u16(Props.RECEIVE_MAXIMUM, 0).build()));
            assertRefusedWith(c, 0x82);
        }
    }

    @Test
    void maximumPacketSizeZeroIsAProtocolError_section_3_1_2_11_4() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-mps0").properties(Props.builder().u32(Props.MAXIMUM_PACKET_SIZE, 0).build()));
            assertRefusedWith(c, 0x82);
        }
    }

    @Test
    void willTopicWithAWildcardIsRefused_MQTT_3_1_3_11_MQTT_4_7_0_1() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-willwild").will("c31/+/will", "w", 0, false));
            assertRefusedWith(c, 0x90);
        }
    }

    @Test
    void connackComesFirstEvenWhenTheClientSendsAhead_MQTT_3_2_0_1() {
        try (RawClient c = open()) {
            Packets.Connect connect = Packets.connect("c31-ahead");
            c.sendConnect(RawClient.concat(connect.build(), Packets.subscribe(true, 5, "c31/ahead", 1), Packets.pingreq()),
                    true);
            ReceivedPacket ack = c.receive();
            assertThat(ack.type()).as("first packet " + ack).isEqualTo(ReceivedPacket.CONNACK);
            assertThat(ack.reasonCode()).isZero();
            // both packets sent ahead are then processed; the spec orders neither answer before the other
            ReceivedPacket a = c.receive();
            ReceivedPacket b = c.receive();
            assertThat(List.of(a.typeName(), b.typeName())).containsExactlyInAnyOrder("SUBACK", "PINGRESP");
            assertThat((a.type() == ReceivedPacket.SUBACK ? a : b).packetId()).isEqualTo(5);
        }
    }

    @Test
    void keepAliveTimeoutClosesTheConnectionWith0x8D_MQTT_3_1_2_22() {
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-keepalive").keepAlive(1));
            long start = System.nanoTime();
            List<ReceivedPacket> before = c.awaitClose(Duration.ofSeconds(5));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("closed after 1.5 times the keep alive of 1 s").isBetween(1_200L, 4_000L);
            assertThat(before).hasSize(1);
            assertThat(before.get(0).type()).isEqualTo(ReceivedPacket.DISCONNECT);
            assertThat(before.get(0).reasonCode()).isEqualTo(0x8D);
        }
    }

    @Test
    void keepAliveTimeoutClosesTheConnectionV311_MQTT_3_1_2_24() {
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-keepalive-311").v311().keepAlive(1));
            long start = System.nanoTime();
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_200L, 4_000L);
        }
    }

    @Test
    void pingreqIsAnsweredAndKeepsTheConnectionAlive_MQTT_3_12_4_1_MQTT_3_2_2_22() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c31-ping").keepAlive(1));
            assertThat(ack.props().has(Props.SERVER_KEEP_ALIVE)).as("no Server Keep Alive by default").isFalse();
            for (int i = 0; i < 6; i++) {
                c.send(Packets.pingreq());
                assertThat(c.receive().type()).isEqualTo(ReceivedPacket.PINGRESP);
                Raw.sleep(500);
            }
        }
    }

    @Test
    void unsupportedAuthenticationMethodIsRefusedWith0x8C_MQTT_4_12_0_1() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-auth").properties(
                    Props.builder().string(Props.AUTHENTICATION_METHOD, "SCRAM-SHA-999").build()));
            assertRefusedWith(c, 0x8C);
        }
    }

    @Test
    void refusedConnackHasSessionPresent0EvenWithAStoredSession_MQTT_3_2_2_6() {
        try (RawClient c = open()) {
            c.connectOk(Packets.connect("c31-refused-sp").cleanStart(false).properties(
                    Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build()));
            c.send(Packets.disconnect());
            c.awaitClose();
        }
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("c31-refused-sp").cleanStart(false).properties(Props.builder()
                    .u32(Props.SESSION_EXPIRY_INTERVAL, 60).string(Props.AUTHENTICATION_METHOD, "UNKNOWN").build()));
            assertRefusedWith(c, 0x8C);
        }
    }

    @Test
    void sessionExpiryAboveTheServerMaximumIsAnnouncedInConnack_section_3_2_2_3_2() {
        try (RawClient c = open()) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c31-expiry").properties(
                    Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 0xFFFFFFFFL).build()));
            assertThat(ack.props().number(Props.SESSION_EXPIRY_INTERVAL)).as("granted expiry in " + ack)
                    .isEqualTo(604_800L);
        }
    }
}
