package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CONNACK (MQTT 5.0 section 3.2) of the distribution as shipped: the properties that tell a client
 * the server's capabilities and limits, checked against the documented defaults of the MQTT
 * broker (bundles/mqtt/README.md). {@link Section3_2_ConfiguredLimitsIT} checks them configured.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_2_ConnAckIT {
    private static MqttDistribution broker;
    private static ReceivedPacket connack;

    @BeforeAll
    static void connack(MqttDistribution b) {
        broker = b;
        try (RawClient c = RawClient.open(b.tcpPort())) {
            connack = c.connectOk(Packets.connect("c32-connack"));
        }
    }

    @Test
    void maximumQosIsAbsentBecauseQos2IsSupported_MQTT_3_2_2_9() {
        // absent means QoS 2 (section 3.2.2.3.4); it must be present only when QoS 1 or 2 is not supported
        assertThat(connack.props().has(Props.MAXIMUM_QOS)).as(connack.toString()).isFalse();
    }

    @Test
    void retainAvailableIsAbsentOr1_section_3_2_2_3_5() {
        Long v = connack.props().number(Props.RETAIN_AVAILABLE);
        assertThat(v == null || v == 1).as("Retain Available in " + connack).isTrue();
    }

    @Test
    void maximumPacketSizeIsAnnounced_section_3_2_2_3_6() {
        assertThat(connack.props().number(Props.MAXIMUM_PACKET_SIZE)).isEqualTo(1_048_576L);
    }

    @Test
    void topicAliasMaximumIsAnnounced_MQTT_3_2_2_17() {
        assertThat(connack.props().number(Props.TOPIC_ALIAS_MAXIMUM)).isEqualTo(64L);
    }

    @Test
    void receiveMaximumIsAnnounced_section_3_2_2_3_3() {
        assertThat(connack.props().number(Props.RECEIVE_MAXIMUM)).isEqualTo(1024L);
    }

    @Test
    void wildcardSubscriptionsAreAvailable_section_3_2_2_3_11() {
        Long v = connack.props().number(Props.WILDCARD_SUBSCRIPTION_AVAILABLE);
        assertThat(v == null || v == 1).as(connack.toString()).isTrue();
    }

    @Test
    void subscriptionIdentifiersAreAvailable_section_3_2_2_3_12() {
        Long v = connack.props().number(Props.SUBSCRIPTION_IDENTIFIER_AVAILABLE);
        assertThat(v == null || v == 1).as(connack.toString()).isTrue();
    }

    @Test
    void sharedSubscriptionsAreAvailable_section_3_2_2_3_13() {
        Long v = connack.props().number(Props.SHARED_SUBSCRIPTION_AVAILABLE);
        assertThat(v == null || v == 1).as(connack.toString()).isTrue();
    }

    @Test
    void everyPropertyAppearsAtMostOnce_section_2_2_2_2() {
        for (int id : new int[] {Props.MAXIMUM_QOS, Props.RETAIN_AVAILABLE, Props.MAXIMUM_PACKET_SIZE,
            Props.TOPIC_ALIAS_MAXIMUM, Props.RECEIVE_MAXIMUM, Props.WILDCARD_SUBSCRIPTION_AVAILABLE,
            Props.SUBSCRIPTION_IDENTIFIER_AVAILABLE, Props.SHARED_SUBSCRIPTION_AVAILABLE, Props.SERVER_KEEP_ALIVE,
            Props.ASSIGNED_CLIENT_IDENTIFIER, Props.SESSION_EXPIRY_INTERVAL}) {
            assertThat(connack.props().count(id)).as(String.format("property 0x%02X in %s", id, connack)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void responseInformationIsNotSentUnlessRequested_MQTT_3_1_2_28() {
        assertThat(connack.props().has(Props.RESPONSE_INFORMATION)).isFalse();
    }

    @Test
    void responseInformationIsSentWhenRequested_section_4_10() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c32-respinfo")
                    .properties(Props.builder().u8(Props.REQUEST_RESPONSE_INFORMATION, 1).build()));
            assertThat(ack.props().string(Props.RESPONSE_INFORMATION)).isEqualTo("$response/c32-respinfo");
        }
    }

    @Test
    void responseInformationIsNotSentWhenRequestResponseInformationIs0_MQTT_3_1_2_28() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c32-norespinfo")
                    .properties(Props.builder().u8(Props.REQUEST_RESPONSE_INFORMATION, 0).build()));
            assertThat(ack.props().has(Props.RESPONSE_INFORMATION)).isFalse();
        }
    }

    @Test
    void theResponseTopicFromResponseInformationCarriesARequestAndItsResponse_section_4_10() {
        try (RawClient requester = RawClient.open(broker.tcpPort()); RawClient responder = Raw.connect5(broker,
                "c32-responder")) {
            String base = requester.connectOk(Packets.connect("c32-requester").properties(
                    Props.builder().u8(Props.REQUEST_RESPONSE_INFORMATION, 1).build()))
                    .props().string(Props.RESPONSE_INFORMATION);
            Raw.subscribed(requester, base + "/#", 1);
            Raw.subscribed(responder, "c32/service", 1);
            Raw.publish1(requester, "c32/service", Props.builder().string(Props.RESPONSE_TOPIC, base + "/answer")
                    .binary(Props.CORRELATION_DATA, new byte[] {42}).build(), "question", false);
            ReceivedPacket request = Raw.receiveAndAck(responder);
            Raw.publish1(responder, request.props().string(Props.RESPONSE_TOPIC), Props.builder()
                    .binary(Props.CORRELATION_DATA, request.props().binary(Props.CORRELATION_DATA)).build(), "answer", false);
            ReceivedPacket response = Raw.receiveAndAck(requester);
            assertThat(response.topic()).isEqualTo(base + "/answer");
            assertThat(response.props().binary(Props.CORRELATION_DATA)).containsExactly(42);
            assertThat(response.payloadText()).isEqualTo("answer");
        }
    }

    @Test
    void connackOfMqtt311IsTwoBytesWithReturnCode0_V311_MQTT_3_2_2_1() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            ReceivedPacket ack = c.connectOk(Packets.connect("c32-311").v311());
            assertThat(ack.body()).containsExactly(0, 0);
        }
    }

    @Test
    void theServerSendsOnlyOneConnack_MQTT_3_2_0_2() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.connectOk(Packets.connect("c32-one"));
            c.send(Packets.connect("c32-one").build());
            assertThat(c.awaitClose()).extracting(ReceivedPacket::type).doesNotContain(ReceivedPacket.CONNACK);
        }
    }

    @Test
    void maximumPacketSizeIsEnforced_section_3_2_2_3_6() {
        try (RawClient c = Raw.connect5(broker, "c32-toolarge")) {
            byte[] payload = new byte[1_048_576];
            c.trySend(Packets.publish(true, "c32/large", 0, false, 0, Props.empty(), payload));
            Raw.assertDisconnectedWith(c, 0x95);
        }
    }

    @Test
    void packetJustUnderTheMaximumPacketSizeIsAccepted_section_3_2_2_3_6() {
        try (RawClient sub = Raw.connect5(broker, "c32-large-sub"); RawClient pub = Raw.connect5(broker, "c32-large-pub")) {
            Raw.subscribed(sub, "c32/fits", 1);
            // fixed header (1 + 4 bytes) + topic (2 + 8) + packet id (2) + properties (1) + payload = 1 MiB
            byte[] payload = new byte[1_048_576 - 5 - 10 - 2 - 1];
            pub.send(Packets.publish(true, "c32/fits", 1, false, 7, Props.empty(), payload));
            assertThat(pub.expect(ReceivedPacket.PUBACK).reasonCode()).isZero();
            assertThat(Raw.receiveAndAck(sub).payload()).hasSize(payload.length);
        }
    }
}
