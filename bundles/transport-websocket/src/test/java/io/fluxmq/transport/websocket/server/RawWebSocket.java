package io.fluxmq.transport.websocket.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately small client speaking RFC 6455 byte by byte, for what real clients will not do:
 * odd handshakes, chosen frame boundaries, unmasked or oversized frames.
 */
final class RawWebSocket implements Closeable {
    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    final String key = Base64.getEncoder().encodeToString(randomBytes(16));
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWebSocket(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A valid upgrade request for {@code path}, with extra header lines ("Name: value"). */
    String upgradeRequest(String path, String... headers) {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        return req.append("\r\n").toString();
    }

    /** Sends a valid upgrade offering "mqtt" and returns the response head, expecting 101. */
    Head upgrade(String path) throws IOException {
        send(upgradeRequest(path, "Sec-WebSocket-Protocol: mqtt"));
        Head head = readHead();
        if (head.status() != 101) {
            throw new AssertionError("expected 101, got " + head);
        }
        return head;
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    record Head(int status, Map<String, String> headers, String text) {
    }

    Head readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 4 || !head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        String[] lines = text.split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(lines[0].split(" ")[1]), headers, text);
    }

    /** The value a server must return in Sec-WebSocket-Accept for our key (RFC 6455 section 4.2.2). */
    String expectedAccept() throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(sha1);
    }

    void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        sendFrame(fin, opcode, payload, true);
    }

    void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            f.write(maskBit | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >> shift) & 0xff);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = randomBytes(4);
            f.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i % 4];
            }
        }
        f.writeBytes(body);
        send(f.toByteArray());
    }

    record Frame(boolean fin, int opcode, byte[] payload) {
        int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** Reads one server frame (servers never mask). */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new AssertionError("server frames must not be masked");
        }
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(len)];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
    }

    /** Reads frames until one of the opcode arrives, skipping pongs and others. */
    Frame readFrame(int opcode) throws IOException {
        Frame f;
        do {
            f = readFrame();
        } while (f.opcode() != opcode);
        return f;
    }

    /** Reads binary payloads until {@code n} bytes arrived; fails on anything but binary and pong frames. */
    byte[] readBinary(int n) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (data.size() < n) {
            Frame f = readFrame();
            if (f.opcode() == BINARY || f.opcode() == CONTINUATION) {
                data.writeBytes(f.payload());
            } else if (f.opcode() != PONG) {
                throw new AssertionError("unexpected frame with opcode " + f.opcode());
            }
        }
        return data.toByteArray();
    }

    byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Whether the server closed the connection (end of stream or reset) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever was still on its way
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
