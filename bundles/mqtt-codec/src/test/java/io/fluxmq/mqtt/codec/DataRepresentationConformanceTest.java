package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.cat;
import static io.fluxmq.mqtt.codec.Wire.lengthPrefixed;
import static io.fluxmq.mqtt.codec.Wire.noProps;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u16;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT 5 chapter 1.5 (3.1.1 chapter 1.5): UTF-8 Encoded Strings and Variable Byte Integers. */
class DataRepresentationConformanceTest {

    private static byte[] connectWithClientId(int level, byte[] clientIdBytes) {
        return level == 5 ? packet(0x10, str("MQTT"), u8(5, 0x02), u16(60), noProps(), lengthPrefixed(clientIdBytes))
                : packet(0x10, str("MQTT"), u8(4, 0x02), u16(60), lengthPrefixed(clientIdBytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EDA080", "EDBFBF", "C0AF", "E080AF", "F08080AF", "E282", "FF", "F5808080", "80", "F4908080"})
    void illFormedUtf8AndEncodedSurrogatesAreMalformed_MQTT_1_5_4_1(String hex) {
        byte[] bad = hex(hex);
        MqttDecodeFailure f = Codec.failureOf(connectWithClientId(5, cat(u8('a'), bad, u8('b'))));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).isEqualTo("MQTT-1.5.4-1");
        assertThat(f.response(false)).hasValueSatisfying(p -> assertThat(p.toString()).contains("MALFORMED_PACKET"));
    }

    @Test
    void illFormedUtf8IsMalformedIn311Too_MQTT_1_5_3_1() {
        MqttDecodeFailure f = Codec.failureOf(connectWithClientId(4, hex("EDA080")));
        assertThat(f.rule()).isEqualTo("MQTT-1.5.3-1");
        assertThat(f.response(false)).isEmpty();
    }

    @Test
    void nullCharacterIsMalformed_MQTT_1_5_4_2() {
        MqttDecodeFailure f = Codec.failureOf(connectWithClientId(5, u8('a', 0, 'b')));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).isEqualTo("MQTT-1.5.4-2");
        assertThat(Codec.failureOf(connectWithClientId(4, u8(0))).rule()).isEqualTo("MQTT-1.5.3-2");
    }

    @Test
    void nullCharacterInAUserPropertyIsMalformed_MQTT_1_5_4_2() {
        byte[] prop = cat(u8(0x26), str("k"), lengthPrefixed(u8('v', 0)));
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), Wire.props(prop)));
        assertThat(f.rule()).isEqualTo("MQTT-1.5.4-2");
    }

    @Test
    void wellFormedMultiByteCharactersAndTheBomAreKept_MQTT_1_5_4_3() {
        String id = "\uFEFFa\u00e9\u20ac\uD83D\uDE00\uFFFF";
        List<Object> out = Codec.decodeAsServer(connectWithClientId(5, id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(out).singleElement().isInstanceOfSatisfying(ConnectPacket.class, c -> assertThat(c.clientId()).isEqualTo(id));
    }

    @Test
    void stringLengthBeyondThePacketIsMalformed() {
        MqttDecodeFailure f = Codec.failureOf(packet(0x10, str("MQTT"), u8(5, 0x02), u16(60), noProps(), u16(500), u8('a')));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void remainingLengthOfFiveBytesIsMalformed() {
        MqttDecodeFailure f = Codec.failureOf(u8(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).isEqualTo("section 2.1.4");
    }

    @Test
    void remainingLengthMustBeMinimallyEncoded_MQTT_1_5_5_1() {
        MqttDecodeFailure f = Codec.failureOf(u8(0x10, 0x80, 0x00));
        assertThat(f.rule()).isEqualTo("MQTT-1.5.5-1");
    }

    @Test
    void propertyVariableByteIntegerMustBeMinimallyEncoded_MQTT_1_5_5_1() {
        // Subscription Identifier 5 written in two bytes
        byte[] subscribe = packet(0x82, u16(1), Wire.props(u8(0x0B, 0x85, 0x00)), str("a"), u8(0));
        assertThat(Codec.failureAfterConnect(5, subscribe).rule()).isEqualTo("MQTT-1.5.5-1");
    }

    /** The boundary values of the table in section 1.5.5. */
    @Test
    void remainingLengthBoundariesDecodeAsInTheSpecTable() {
        int[][] table = {
            {0, 0x00}, {127, 0x7F}, {128, 0x80, 0x01}, {16_383, 0xFF, 0x7F}, {16_384, 0x80, 0x80, 0x01},
            {2_097_151, 0xFF, 0xFF, 0x7F}, {2_097_152, 0x80, 0x80, 0x80, 0x01}, {268_435_455, 0xFF, 0xFF, 0xFF, 0x7F}};
        for (int[] row : table) {
            int[] bytes = java.util.Arrays.copyOfRange(row, 1, row.length);
            long peek = RemainingLength.peek(Unpooled.wrappedBuffer(cat(u8(0x30), u8(bytes))), 1);
            assertThat((int) peek).as("value of %s", row[0]).isEqualTo(row[0]);
            assertThat((int) (peek >>> 32)).isEqualTo(bytes.length);
            assertThat(Wire.vbi(row[0])).isEqualTo(u8(bytes));
        }
        assertThat(RemainingLength.peek(Unpooled.wrappedBuffer(u8(0x30, 0x80, 0x80)), 1)).as("incomplete").isEqualTo(-1);
    }

    static byte[] hex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
