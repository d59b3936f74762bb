package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertClosedSilently;
import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static io.fluxmq.it.mqtt.Raw.assertRefusedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Bytes;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile input against the running distribution (issue 3, "Limits and hostile
 * input"): each case ends in the protocol-correct close (an MQTT 5 DISCONNECT or CONNACK with the
 * reason where the protocol allows one, otherwise only the close), and after each case the broker
 * still answers {@code /health}, a subscriber and a publisher that were connected all along still
 * exchange a message, and the broker process's resident memory has not grown by anything like the
 * lengths the input claimed.
 */
class HostileInputIT {
    private static final long MB = 1024;
    /** Resident memory a case may add, in kB: far below the 100 MB and more that the input claims. */
    private static final long RSS_ALLOWANCE_KB = 50 * MB;
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private static MqttDistribution broker;
    private static RawClient bystanderSub;
    private static RawClient bystanderPub;
    private static final AtomicInteger ROUND = new AtomicInteger();
    private long rssBefore;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-hostile").mqtt("connect.timeout", "L\"" + CONNECT_TIMEOUT_MS + "\"")
                .mqtt("sys.interval", "I\"1\"").start();
        bystanderSub = RawClient.open(broker.tcpPort());
        bystanderSub.connectOk(Packets.connect("bystander-sub").keepAlive(0));
        Raw.subscribed(bystanderSub, "hostile/bystander", 1);
        bystanderPub = RawClient.open(broker.tcpPort());
        bystanderPub.connectOk(Packets.connect("bystander-pub").keepAlive(0));
    }

    @AfterAll
    static void stop() {
        bystanderSub.close();
        bystanderPub.close();
        broker.close();
    }

    @BeforeEach
    void measure() {
        rssBefore = broker.rssKb();
    }

    /** The broker is up, the bystanders still talk through it, and its memory did not follow the claims. */
    @AfterEach
    void brokerUnaffected() {
        assertThat(broker.isAlive()).as("broker process alive").isTrue();
        assertThat(broker.health()).as("/health").isEqualTo(200);
        String payload = "still here " + ROUND.incrementAndGet();
        Raw.publish1(bystanderPub, "hostile/bystander", payload, false);
        ReceivedPacket p = Raw.receiveAndAck(bystanderSub);
        assertThat(p.payloadText()).as("message between two clients connected throughout").isEqualTo(payload);
        long grown = broker.rssKb() - rssBefore;
        assertThat(grown).as("resident memory growth in kB").isLessThan(RSS_ALLOWANCE_KB);
    }

    private static RawClient open() {
        return RawClient.open(broker.tcpPort());
    }

    private static RawClient connected5(String id) {
        return Raw.connect5(broker, id);
    }

    // ---- bad Remaining Length

    @Test
    void remainingLengthOfFiveBytesInTheFirstPacketClosesTheConnection() {
        try (RawClient c = open()) {
            c.trySend(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 4, 'M', 'Q'});
            assertClosedSilently(c);
        }
    }

    @Test
    void remainingLengthOfFiveBytesAfterConnectIsDisconnectedWith0x81() {
        try (RawClient c = connected5("hostile-5byte")) {
            c.trySend(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
            assertDisconnectedWith(c, 0x81);
        }
        try (RawClient c = Raw.connect311(broker, "hostile-5byte-311")) {
            c.trySend(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
            assertClosedSilently(c);
        }
    }

    @Test
    void remainingLengthTooShortForThePacketsFieldsIsDisconnectedWith0x81() {
        try (RawClient c = connected5("hostile-short")) {
            // SUBSCRIBE whose filter length (0x0400) runs far past a Remaining Length of 6
            c.send(new byte[] {(byte) 0x82, 6, 0, 1, 0, 0x04, 0x00, 'a'});
            assertDisconnectedWith(c, 0x81);
        }
        try (RawClient c = open()) {
            // CONNECT whose protocol name length runs past its Remaining Length: the version is unknown
            c.send(new byte[] {0x10, 3, 0, 50, 'M'});
            assertClosedSilently(c);
        }
    }

    @Test
    void remainingLengthWithTrailingBytesInConnectIsRefusedWith0x81() {
        try (RawClient c = open()) {
            byte[] connect = Packets.connect("hostile-trailing").build();
            byte[] body = java.util.Arrays.copyOfRange(connect, 2, connect.length);
            c.sendConnect(Bytes.frame(0x10, RawClient.concat(body, new byte[] {1, 2, 3})), true);
            assertRefusedWith(c, 0x81);
        }
    }

    // ---- lengths that claim far more memory than they bring

    @Test
    void hundredMegabyteLengthPrefixAfterConnectIsDisconnectedWith0x95WithoutAllocatingIt() {
        try (RawClient c = connected5("hostile-100mb")) {
            c.trySend(header(0x30, 100 * 1024 * 1024));
            c.trySend(new byte[1024 * 1024]);
            assertDisconnectedWith(c, 0x95);
        }
    }

    @Test
    void hundredMegabyteLengthPrefixAsTheFirstPacketClosesTheConnection() {
        try (RawClient c = open()) {
            c.trySend(header(0x10, 100 * 1024 * 1024));
            c.trySend(new byte[1024 * 1024]);
            assertClosedSilently(c);
        }
        try (RawClient c = Raw.connect311(broker, "hostile-100mb-311")) {
            c.trySend(header(0x30, 100 * 1024 * 1024));
            c.trySend(new byte[1024 * 1024]);
            assertClosedSilently(c);
        }
    }

    @Test
    void manyConnectionsClaimingTheMaximumLengthAtOnceDoNotAddUpInMemory() {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawClient c = connected5("hostile-many-" + i);
                clients.add(c);
                c.trySend(header(0x30, 268_435_455)); // 256 MiB, the largest Remaining Length
                c.trySend(new byte[64 * 1024]);
            }
            for (RawClient c : clients) {
                assertDisconnectedWith(c, 0x95);
            }
        } finally {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void largePropertyLengthInsideASmallPacketIsDisconnectedWith0x81() {
        try (RawClient c = connected5("hostile-proplen")) {
            // PUBLISH "t" whose property block claims 200 MB inside a 10-byte packet
            byte[] body = new Bytes().string("t").raw(Bytes.varintOf(200_000_000)).raw((byte) 1).toByteArray();
            c.send(Bytes.frame(0x30, body));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void hundredMegabyteLengthPrefixOverWebSocketIsDisconnectedWith0x95() throws Exception {
        WsClient ws = WsClient.open(broker, "mqtt");
        ws.send(Packets.connect("hostile-ws-100mb").build(), true);
        assertThat(ws.receive().type()).isEqualTo(ReceivedPacket.CONNACK);
        ws.send(RawClient.concat(header(0x30, 100 * 1024 * 1024), new byte[64 * 1024]), true);
        ReceivedPacket d = ws.receive();
        assertThat(d.type()).isEqualTo(ReceivedPacket.DISCONNECT);
        assertThat(d.reasonCode()).isEqualTo(0x95);
        assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("close status").isEqualTo(1000);
    }

    @Test
    void webSocketFrameOverTheFrameLimitIsClosedWith1009() throws Exception {
        // Several times: the client is still sending when the broker refuses the frame, and the Close frame
        // must reach it all the same (a broker that closed at once would reset the connection, and the
        // client would see an error instead of 1009).
        for (int i = 0; i < 10; i++) {
            WsClient ws = WsClient.open(broker, "mqtt");
            ws.send(Packets.connect("hostile-ws-frame").build(), true);
            assertThat(ws.receive().type()).isEqualTo(ReceivedPacket.CONNACK);
            // one frame of 8 MiB, eight times the listener's max.frame.size
            ws.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[8 * 1024 * 1024]), true);
            assertThat(ws.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("close status, try %d", i)
                    .isEqualTo(1009);
        }
    }

    // ---- packets illegal where they come

    @Test
    void packetOtherThanConnectFirstClosesTheConnection() {
        for (byte[] first : new byte[][] {Packets.subscribe(true, 1, "x", 0), Packets.puback(1), Packets.disconnect(),
            {(byte) 0xF0, 0}}) {
            try (RawClient c = open()) {
                c.send(first);
                assertClosedSilently(c);
            }
        }
    }

    @Test
    void serverOnlyPacketAfterConnectIsDisconnectedWith0x82() {
        try (RawClient c = connected5("hostile-suback")) {
            c.send(new byte[] {(byte) 0x90, 3, 0, 1, 0});
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void secondConnectIsDisconnectedWith0x82() {
        try (RawClient c = connected5("hostile-second")) {
            c.send(Packets.connect("hostile-second-other").build());
            assertDisconnectedWith(c, 0x82);
        }
    }

    // ---- invalid content

    @Test
    void invalidUtf8IsDisconnectedWith0x81() {
        try (RawClient c = connected5("hostile-utf8-topic")) {
            c.send(Packets.publish(true, new byte[] {'a', (byte) 0xFF}, 0, false, false, 0, Props.empty(), new byte[] {1}));
            assertDisconnectedWith(c, 0x81);
        }
        try (RawClient c = connected5("hostile-utf8-prop")) {
            byte[] props = new Bytes().varint(Props.USER_PROPERTY).string("k").stringBytes(new byte[] {(byte) 0xC0, (byte) 0x80})
                    .toByteArray();
            c.send(Packets.publish(true, "t", 0, false, 0, RawClient.concat(Bytes.varintOf(props.length), props), new byte[] {1}));
            assertDisconnectedWith(c, 0x81);
        }
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("x").username("user").clientIdBytes(new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}));
            assertRefusedWith(c, 0x81);
        }
    }

    @Test
    void reservedFlagSetIsAMalformedPacket() {
        try (RawClient c = open()) {
            c.sendConnect(Packets.connect("hostile-reserved").orFlags(0x01));
            assertRefusedWith(c, 0x81);
        }
        try (RawClient c = connected5("hostile-reserved-sub")) {
            byte[] p = Packets.subscribe(true, 1, "x", 0);
            p[0] = (byte) 0x8F;
            c.send(p);
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void propertyTwiceIsAProtocolError() {
        try (RawClient c = connected5("hostile-twice")) {
            byte[] props = Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 5).u32(Props.MESSAGE_EXPIRY_INTERVAL, 6).build();
            c.send(Packets.publish(true, "t", 1, false, 1, props, new byte[] {1}));
            assertDisconnectedWith(c, 0x82);
        }
        try (RawClient c = open()) {
            byte[] props = Props.builder().u16(Props.RECEIVE_MAXIMUM, 5).u16(Props.RECEIVE_MAXIMUM, 5).build();
            c.sendConnect(Packets.connect("hostile-twice-connect").properties(props));
            assertRefusedWith(c, 0x82);
        }
    }

    // ---- sockets that never speak, and noise

    @Test
    void socketThatNeverSendsConnectIsClosedAfterTheConnectTimeout() {
        List<RawClient> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                silent.add(open());
            }
            long start = System.nanoTime();
            for (RawClient c : silent) {
                assertThat(c.awaitClose(Duration.ofMillis(CONNECT_TIMEOUT_MS * 3L))).isEmpty();
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(CONNECT_TIMEOUT_MS / 2);
        } finally {
            silent.forEach(RawClient::close);
        }
    }

    @Test
    void halfAConnectThenSilenceIsClosedAfterTheConnectTimeout() {
        try (RawClient c = open()) {
            byte[] connect = Packets.connect("hostile-half").build();
            c.send(java.util.Arrays.copyOf(connect, connect.length / 2));
            assertThat(c.awaitClose(Duration.ofMillis(CONNECT_TIMEOUT_MS * 3L))).isEmpty();
        }
    }

    @Test
    void randomBytesAlwaysEndInAClose() {
        Random random = new Random(20261126L);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + random.nextInt(64)];
            random.nextBytes(noise);
            boolean afterConnect = i % 2 == 1;
            // keep alive 1: a packet the noise starts but never completes ends in the keep-alive timeout
            try (RawClient c = open()) {
                if (afterConnect) {
                    c.connectOk(Packets.connect("hostile-noise").keepAlive(1));
                }
                c.trySend(noise);
                c.trySend(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // never valid
                List<ReceivedPacket> before = c.awaitClose(Duration.ofMillis(CONNECT_TIMEOUT_MS * 3L));
                // whatever came back is a well-formed packet (the parser checked it) and ends with a close
                assertThat(before.size()).as("packets answered to noise #" + i).isLessThanOrEqualTo(64);
            } catch (AssertionError e) {
                throw new AssertionError("noise #" + i + ": " + java.util.HexFormat.of().formatHex(noise), e);
            }
        }
    }

    // ---- every close is counted and logged with a stable code

    @Test
    void malformedInputIsCountedInSysAndLoggedWithAStableCode() {
        long malformed = sysCounter("connections/closed/malformed");
        long limit = sysCounter("connections/closed/limit");
        try (RawClient c = connected5("hostile-counted")) {
            c.send(new byte[] {(byte) 0xC1, 0});
            assertDisconnectedWith(c, 0x81);
        }
        try (RawClient c = connected5("hostile-counted-large")) {
            c.trySend(header(0x30, 100 * 1024 * 1024));
            assertDisconnectedWith(c, 0x95);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((sysCounter("connections/closed/malformed") <= malformed || sysCounter("connections/closed/limit") <= limit)
                && System.nanoTime() < deadline) {
            Raw.sleep(250);
        }
        assertThat(sysCounter("connections/closed/malformed")).as("$SYS/broker/connections/closed/malformed")
                .isGreaterThan(malformed);
        assertThat(sysCounter("connections/closed/limit")).as("$SYS/broker/connections/closed/limit")
                .isGreaterThan(limit);
        assertThat(broker.log()).contains("MQTT-2001");
    }

    /** The latest value of a {@code $SYS/broker/} statistic (published retained every second here). */
    private static long sysCounter(String name) {
        try (RawClient c = connected5("hostile-sys-reader")) {
            Raw.subscribed(c, "$SYS/broker/" + name, 0);
            return Long.parseLong(c.receive(Duration.ofSeconds(5)).payloadText().trim());
        }
    }

    /** A fixed header announcing {@code length} body bytes. */
    private static byte[] header(int firstByte, int length) {
        return new Bytes().u8(firstByte).varint(length).toByteArray();
    }
}
