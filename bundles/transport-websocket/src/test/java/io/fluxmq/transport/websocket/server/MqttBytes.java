package io.fluxmq.transport.websocket.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Real MQTT 3.1.1 packets as bytes, so that framing tests carry what a client would send. */
final class MqttBytes {
    private MqttBytes() {
    }

    static byte[] connect(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);          // protocol level 3.1.1
        body.write(0x02);       // clean session
        body.write(0);
        body.write(60);         // keep alive
        writeString(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    /** A QoS 0 PUBLISH; with a payload over 127 bytes its remaining length takes two bytes. */
    static byte[] publish(String topic, int payloadSize) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        for (int i = 0; i < payloadSize; i++) {
            body.write(i % 251);
        }
        return packet(0x30, body.toByteArray());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int len = body.length;
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }
}
