package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol header (AMQP 0.9.1 section 4.2.2): a server that does not speak the version a
 * client asked for answers with the header of the version it speaks and closes; anything that is
 * not AMQP at all is closed without an answer; the right header gets connection.start.
 */
class ProtocolHeaderTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void amqp090HeaderIsAnsweredWith091AndClosed() {
        assertRefusedWithSupportedHeader(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 0});
    }

    @Test
    void amqp09LegacyHeaderIsAnsweredWith091AndClosed() {
        assertRefusedWithSupportedHeader(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
    }

    @Test
    void amqp10HeaderIsAnsweredWith091AndClosedWhenOnly091IsInstalled() {
        assertRefusedWithSupportedHeader(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
    }

    @Test
    void amqpTlsHeaderIsAnsweredWith091AndClosed() {
        assertRefusedWithSupportedHeader(new byte[] {'A', 'M', 'Q', 'P', 2, 1, 0, 0});
    }

    @Test
    void httpRequestIsClosedWithoutReply() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readUpTo(8)).as("bytes before the close").isEmpty();
            assertThat(c.awaitClosed(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void garbageOfExactlyEightBytesIsClosedWithoutReply() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThat(c.readUpTo(8)).as("bytes before the close").isEmpty();
        }
    }

    @Test
    void correctHeaderGetsConnectionStart() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            RawClient.RawFrame frame = c.readMethodFrame();
            assertThat(frame.channel()).isZero();
            Connection.Start start = (Connection.Start) frame.method();
            assertThat(start.versionMajor()).isZero();
            assertThat(start.versionMinor()).isEqualTo(9);
            assertThat(start.mechanisms().split(" ")).contains("PLAIN", "AMQPLAIN");
            assertThat(start.locales().split(" ")).contains("en_US");
            Map<String, Object> props = start.serverProperties();
            assertThat(props).containsKeys("product", "version", "platform", "capabilities");
            assertThat(props.get("capabilities")).isInstanceOf(Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> caps = (Map<String, Object>) props.get("capabilities");
            assertThat(caps).containsEntry("publisher_confirms", true)
                    .containsEntry("exchange_exchange_bindings", true)
                    .containsEntry("basic.nack", true)
                    .containsEntry("consumer_cancel_notify", true)
                    .containsEntry("authentication_failure_close", true)
                    .containsEntry("per_consumer_qos", true);
        }
    }

    @Test
    void headerSentOneByteAtATimeIsAccepted() throws InterruptedException {
        try (RawClient c = RawClient.connect(server.port())) {
            for (byte b : RawClient.AMQP_0_9_1) {
                c.sendBytes(new byte[] {b});
                Thread.sleep(20);
            }
            c.expect(0, Connection.Start.class);
        }
    }

    private static void assertRefusedWithSupportedHeader(byte[] header) {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendBytes(header);
            assertThat(c.readUpTo(8)).as("the server's answer to %s", Arrays.toString(header))
                    .containsExactly(RawClient.AMQP_0_9_1);
            assertThat(c.awaitClosed(Duration.ofSeconds(3))).as("the server closes after its header").isTrue();
        }
    }
}
