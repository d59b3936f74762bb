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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's own limits (issue 3, "Limits and hostile input"), configured low through etc/ and
 * hit from outside: topic length and levels, subscriptions per client, messages in flight towards
 * a client, connections per listener, and a slow consumer, each answered as bundles/mqtt/README.md
 * ("Limits and bad input") says, without harm to the other clients.
 */
class BrokerLimitsIT {
    // large enough for "$SYS/broker/messages/dropped/slow clients" (41 bytes, 5 levels)
    private static final int MAX_TOPIC_LENGTH = 64;
    private static final int MAX_TOPIC_LEVELS = 6;
    private static final int MAX_SUBSCRIPTIONS = 3;
    private static final int MAX_INFLIGHT = 2;
    private static final int MAX_CONNECTIONS = 40;
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-broker-limits")
                .mqtt("max.topic.length", "I\"" + MAX_TOPIC_LENGTH + "\"")
                .mqtt("max.topic.levels", "I\"" + MAX_TOPIC_LEVELS + "\"")
                .mqtt("max.subscriptions", "I\"" + MAX_SUBSCRIPTIONS + "\"")
                .mqtt("max.inflight", "I\"" + MAX_INFLIGHT + "\"")
                .mqtt("sys.interval", "I\"1\"")
                .tcpListener("max.connections", "I\"" + MAX_CONNECTIONS + "\"")
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    private static String longTopic() {
        return "lim/" + "x".repeat(MAX_TOPIC_LENGTH); // one level too long in bytes
    }

    @Test
    void publishOverTheTopicLimitsIsRefusedInItsAckAndTheConnectionStays() {
        try (RawClient sub = client("bl-topic-sub"); RawClient pub = client("bl-topic-pub")) {
            Raw.subscribed(sub, "lim/#", 1);
            for (String topic : new String[] {longTopic(), "lim/a/b/c/d/e/f"}) {
                pub.send(Packets.publish(true, topic, 1, false, 1, "x"));
                ReceivedPacket ack = pub.expect(ReceivedPacket.PUBACK);
                assertThat(ack.reasonCode()).as("PUBACK for " + topic).isEqualTo(0x90);
                pub.send(Packets.publish(true, topic, 2, false, 2, "x"));
                assertThat(pub.expect(ReceivedPacket.PUBREC).reasonCode()).as("PUBREC for " + topic).isEqualTo(0x90);
            }
            Raw.publish1(pub, "lim/a/b/c/d/e", "within the limits", false);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("within the limits");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void qos0PublishOverTheTopicLimitsIsDisconnectedWith0x90() {
        try (RawClient c = client("bl-topic-q0")) {
            c.send(Packets.publish(true, longTopic(), 0, false, 0, "x"));
            assertDisconnectedWith(c, 0x90);
        }
    }

    @Test
    void publishOverTheTopicLimitsClosesAnMqtt311Connection() {
        try (RawClient c = Raw.connect311(broker, "bl-topic-311")) {
            c.send(Packets.publish(false, longTopic(), 1, false, 1, "x"));
            assertClosedSilently(c);
        }
    }

    @Test
    void filterOverTheTopicLimitsIsRefusedInSuback() {
        try (RawClient c = client("bl-filter")) {
            c.send(Packets.subscribe(true, 1, Props.empty(), new String[] {longTopic(), "lim/+/+/+/+/+/#", "lim/+/+/+/+/#"},
                    new int[] {0, 0, 0}));
            assertThat(c.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(0x8F, 0x8F, 0x00);
        }
        try (RawClient c = Raw.connect311(broker, "bl-filter-311")) {
            c.send(Packets.subscribe(false, 1, null, new String[] {longTopic(), "lim/+/#"}, new int[] {0, 0}));
            assertThat(c.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(0x80, 0x00);
        }
    }

    @Test
    void willTopicOverTheTopicLimitsIsRefused() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(Packets.connect("bl-will").will(longTopic(), "w", 0, false));
            assertRefusedWith(c, 0x90);
        }
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(Packets.connect("bl-will-311").v311().will(longTopic(), "w", 0, false));
            assertRefusedWith(c, 0x03);
        }
    }

    @Test
    void subscriptionsBeyondTheMaximumGetQuotaExceeded() {
        try (RawClient c = client("bl-subs")) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                Raw.subscribed(c, "lim/subs/" + i, 1);
            }
            assertThat(Raw.subscribe(c, "lim/subs/one-more", 1).reasonCodes()).containsExactly(0x97);
            // replacing an existing subscription is not a new one
            assertThat(Raw.subscribe(c, "lim/subs/0", 0).reasonCodes()).containsExactly(0x00);
            c.send(Packets.unsubscribe(true, c.nextPacketId(), "lim/subs/1"));
            c.expect(ReceivedPacket.UNSUBACK);
            assertThat(Raw.subscribe(c, "lim/subs/one-more", 1).reasonCodes()).containsExactly(0x01);
        }
        try (RawClient c = Raw.connect311(broker, "bl-subs-311")) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                Raw.subscribed(c, "lim/subs/" + i, 1);
            }
            assertThat(Raw.subscribe(c, "lim/subs/one-more", 1).reasonCodes()).containsExactly(0x80);
        }
    }

    @Test
    void messagesInFlightTowardsAClientAreBoundedByMaxInflight() {
        try (RawClient sub = Raw.connect311(broker, "bl-inflight-sub"); RawClient pub = client("bl-inflight-pub")) {
            Raw.subscribed(sub, "lim/inflight", 1);
            for (int i = 0; i < 5; i++) {
                Raw.publish1(pub, "lim/inflight", "m" + i, false);
            }
            List<ReceivedPacket> first = new ArrayList<>();
            for (int i = 0; i < MAX_INFLIGHT; i++) {
                first.add(sub.expect(ReceivedPacket.PUBLISH));
            }
            sub.expectNothing(RawClient.QUIET);
            sub.send(Packets.puback(first.get(0).packetId()));
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("m" + MAX_INFLIGHT);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void connectionsBeyondTheListenersMaximumAreClosedAtOnce() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        try {
            for (int i = 0; i < MAX_CONNECTIONS + 10; i++) {
                RawClient c = RawClient.open(broker.tcpPort());
                clients.add(c);
                if (c.trySend(Packets.connect("bl-conn-" + i).build())) {
                    List<ReceivedPacket> answer = new ArrayList<>();
                    ReceivedPacket p = c.isClosed() ? null : pollOrClosed(c);
                    if (p != null) {
                        answer.add(p);
                    }
                    if (!answer.isEmpty() && answer.get(0).type() == ReceivedPacket.CONNACK) {
                        accepted++;
                        continue;
                    }
                }
                refused++;
            }
            assertThat(accepted).as("connections served").isLessThanOrEqualTo(MAX_CONNECTIONS).isGreaterThan(0);
            assertThat(refused).as("connections closed at once").isGreaterThanOrEqualTo(10);
        } finally {
            clients.forEach(RawClient::close);
        }
        // once they are gone, the listener serves again
        CompletableFuture<Boolean> served = CompletableFuture.supplyAsync(() -> {
            for (int attempt = 0; attempt < 50; attempt++) {
                try (RawClient c = RawClient.open(broker.tcpPort())) {
                    c.trySend(Packets.connect("bl-conn-after").build());
                    ReceivedPacket p = pollOrClosed(c);
                    if (p != null && p.type() == ReceivedPacket.CONNACK) {
                        return true;
                    }
                }
                Raw.sleep(100);
            }
            return false;
        });
        assertThat(served.get(30, TimeUnit.SECONDS)).isTrue();
    }

    private static ReceivedPacket pollOrClosed(RawClient c) {
        try {
            return c.receive(Duration.ofSeconds(2));
        } catch (AssertionError closedOrSilent) {
            return null;
        }
    }

    @Test
    void aSlowConsumerLosesQos0MessagesButNeitherThePublisherNorOtherSubscribersWait() throws Exception {
        long rssBefore = broker.rssKb();
        long droppedBefore = sysCounter("messages/dropped/slow clients");
        // the slow consumer: a tiny receive buffer, subscribed at QoS 0, and it never reads again
        Socket raw = SocketFactory.getDefault().createSocket();
        raw.setReceiveBufferSize(4096);
        raw.connect(new java.net.InetSocketAddress("127.0.0.1", broker.tcpPort()));
        raw.getOutputStream().write(RawClient.concat(Packets.connect("bl-slow").build(),
                Packets.subscribe(true, 1, "lim/flood", 0)));
        raw.getOutputStream().flush();
        int messages = 1000;
        byte[] payload = new byte[64 * 1024];
        try (RawClient healthy = client("bl-healthy"); RawClient pub = client("bl-flood-pub")) {
            Raw.subscribed(healthy, "lim/flood", 1);
            Raw.sleep(200); // the slow consumer's SUBSCRIBE is processed
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (n < messages) {
                    Raw.receiveAndAck(healthy);
                    n++;
                }
                return n;
            });
            for (int i = 0; i < messages; i++) {
                pub.send(Packets.publish(true, "lim/flood".getBytes(StandardCharsets.UTF_8), 1, false, false,
                        1 + i % 60_000, Props.empty(), payload));
                pub.expect(ReceivedPacket.PUBACK);
            }
            assertThat(received.get(60, TimeUnit.SECONDS)).as("messages the reading subscriber got").isEqualTo(messages);
        } finally {
            raw.close();
        }
        long grownKb = broker.rssKb() - rssBefore;
        assertThat(grownKb).as("resident memory growth in kB for 64 MB sent past a stalled reader")
                .isLessThan(48 * 1024);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long dropped = droppedBefore;
        while (dropped <= droppedBefore && System.nanoTime() < deadline) {
            Raw.sleep(500);
            dropped = sysCounter("messages/dropped/slow clients");
        }
        assertThat(dropped).as("$SYS/broker/messages/dropped/slow clients").isGreaterThan(droppedBefore);
        assertThat(broker.health()).isEqualTo(200);
    }

    /** The latest value of a {@code $SYS/broker/} statistic (published retained every second here). */
    private static long sysCounter(String name) {
        try (RawClient c = client("bl-sys-reader")) {
            Raw.subscribed(c, "$SYS/broker/" + name, 0);
            return Long.parseLong(c.receive(Duration.ofSeconds(5)).payloadText().trim());
        }
    }
}
