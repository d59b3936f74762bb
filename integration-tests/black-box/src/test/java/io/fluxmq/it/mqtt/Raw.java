package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.util.List;

/** Steps the conformance tests share, built on {@link RawClient}. */
final class Raw {
    private Raw() {
    }

    /** An MQTT 5 client connected with clean start and keep alive 60. */
    static RawClient connect5(MqttDistribution broker, String clientId) {
        RawClient c = RawClient.open(broker.tcpPort());
        c.connectOk(Packets.connect(clientId));
        return c;
    }

    /** An MQTT 3.1.1 client connected with clean session and keep alive 60. */
    static RawClient connect311(MqttDistribution broker, String clientId) {
        RawClient c = RawClient.open(broker.tcpPort());
        c.connectOk(Packets.connect(clientId).v311());
        return c;
    }

    /** Subscribes to one filter and returns the SUBACK, checking its packet identifier (MQTT-3.8.4-2). */
    static ReceivedPacket subscribe(RawClient c, String filter, int options) {
        int id = c.nextPacketId();
        c.send(Packets.subscribe(c.isV5(), id, filter, options));
        ReceivedPacket ack = c.expect(ReceivedPacket.SUBACK);
        assertThat(ack.packetId()).as("SUBACK packet identifier").isEqualTo(id);
        return ack;
    }

    /** Subscribes and asserts the granted QoS. */
    static void subscribed(RawClient c, String filter, int qos) {
        assertThat(subscribe(c, filter, qos).reasonCodes()).as("SUBACK for " + filter).containsExactly(qos);
    }

    /** Publishes at QoS 0. */
    static void publish0(RawClient c, String topic, String payload) {
        c.send(Packets.publish(c.isV5(), topic, 0, false, 0, payload));
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    static ReceivedPacket publish1(RawClient c, String topic, String payload, boolean retain) {
        int id = c.nextPacketId();
        c.send(Packets.publish(c.isV5(), topic, 1, retain, id, payload));
        ReceivedPacket ack = c.expect(ReceivedPacket.PUBACK);
        assertThat(ack.packetId()).as("PUBACK packet identifier").isEqualTo(id);
        return ack;
    }

    /** Publishes at QoS 1 with properties and waits for the PUBACK. */
    static ReceivedPacket publish1(RawClient c, String topic, byte[] props, String payload, boolean retain) {
        int id = c.nextPacketId();
        c.send(Packets.publish(true, topic, 1, retain, id, props, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ReceivedPacket ack = c.expect(ReceivedPacket.PUBACK);
        assertThat(ack.packetId()).isEqualTo(id);
        return ack;
    }

    /** Receives a PUBLISH and acknowledges it as its QoS requires (PUBACK, or PUBREC/PUBREL/PUBCOMP). */
    static ReceivedPacket receiveAndAck(RawClient c) {
        ReceivedPacket p = c.expect(ReceivedPacket.PUBLISH);
        ack(c, p);
        return p;
    }

    static void ack(RawClient c, ReceivedPacket p) {
        if (p.qos() == 1) {
            c.send(Packets.puback(p.packetId()));
        } else if (p.qos() == 2) {
            c.send(Packets.pubrec(p.packetId()));
            ReceivedPacket rel = c.expect(ReceivedPacket.PUBREL);
            assertThat(rel.packetId()).isEqualTo(p.packetId());
            c.send(Packets.pubcomp(p.packetId()));
        }
    }

    /**
     * The broker closed the connection after exactly one MQTT 5 DISCONNECT with {@code reason}
     * (section 4.13), which carries no Session Expiry Interval (MQTT-3.14.2-2).
     */
    static ReceivedPacket assertDisconnectedWith(RawClient c, int reason) {
        List<ReceivedPacket> before = c.awaitClose();
        assertThat(before).as("packets before the close").hasSize(1);
        ReceivedPacket d = before.get(0);
        assertThat(d.type()).as("packet before the close: " + d).isEqualTo(ReceivedPacket.DISCONNECT);
        assertThat(d.reasonCode()).as("DISCONNECT reason code of " + d).isEqualTo(reason);
        assertThat(d.props().has(Props.SESSION_EXPIRY_INTERVAL)).as("Session Expiry in a server DISCONNECT").isFalse();
        return d;
    }

    /** The broker closed the connection with no packet at all (MQTT 3.1.1, or before a CONNACK could be read). */
    static void assertClosedSilently(RawClient c) {
        assertThat(c.awaitClose()).as("packets before the close").isEmpty();
    }

    /** The broker answered CONNECT with CONNACK {@code reason}, session present 0, then closed (MQTT-3.2.2-6, -7). */
    static ReceivedPacket assertRefusedWith(RawClient c, int reason) {
        List<ReceivedPacket> before = c.awaitClose();
        assertThat(before).as("packets before the close").hasSize(1);
        ReceivedPacket ack = before.get(0);
        assertThat(ack.type()).as("packet before the close: " + ack).isEqualTo(ReceivedPacket.CONNACK);
        assertThat(ack.reasonCode()).as("CONNACK reason code of " + ack).isEqualTo(reason);
        assertThat(ack.sessionPresent()).as("session present in a refusal").isFalse();
        return ack;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
