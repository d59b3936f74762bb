package io.fluxmq.it.mqtt.raw;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately small MQTT client over a plain socket: it sends whatever bytes a test built and
 * reads back whole packets, one at a time, with a deadline. It keeps no session state and answers
 * nothing by itself (not even PINGREQ or PUBREL), so a test sees every packet the broker sends
 * and controls every byte the broker receives. Not thread-safe: one test thread drives it.
 */
public final class RawClient implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    /** How long "nothing arrives" is watched for. */
    public static final Duration QUIET = Duration.ofMillis(500);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean v5 = true;
    private boolean closed;
    private int nextPacketId = 1;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to 127.0.0.1:{@code port}. */
    public static RawClient open(int port) {
        return open(SocketFactory.getDefault(), port);
    }

    /** Opens a connection with the given factory (e.g. a TLS socket factory). */
    public static RawClient open(SocketFactory factory, int port) {
        try {
            Socket s = factory.createSocket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a TLS connection to 127.0.0.1:{@code port} and completes the handshake (which throws when
     * it fails), offering only {@code protocols} when any are given.
     */
    public static RawClient openTls(SSLContext tls, int port, String... protocols) {
        try {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
            if (protocols.length > 0) {
                s.setEnabledProtocols(protocols);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TLS protocol version negotiated, or null on a plain connection. */
    public String tlsProtocol() {
        return socket instanceof SSLSocket s ? s.getSession().getProtocol() : null;
    }

    /** Whether received packets are parsed as MQTT 5 (set by the last CONNECT sent). */
    public boolean isV5() {
        return v5;
    }

    /** Parses what arrives in this version from now on, without sending a CONNECT. */
    public RawClient speaking(boolean mqtt5) {
        this.v5 = mqtt5;
        return this;
    }

    public int nextPacketId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        return id;
    }

    /** Sends the CONNECT and returns the CONNACK, whatever its reason code. */
    public ReceivedPacket connect(Packets.Connect connect) {
        v5 = connect.isV5();
        send(connect.build());
        return expect(ReceivedPacket.CONNACK);
    }

    /** Sends the CONNECT and asserts a successful CONNACK. */
    public ReceivedPacket connectOk(Packets.Connect connect) {
        ReceivedPacket ack = connect(connect);
        if (ack.reasonCode() != 0) {
            throw new AssertionError("CONNECT refused: " + ack);
        }
        return ack;
    }

    /** Sends the CONNECT without waiting for an answer. */
    public RawClient sendConnect(Packets.Connect connect) {
        return sendConnect(connect.build(), connect.isV5());
    }

    /** Sends a CONNECT packet built elsewhere; {@code mqtt5} says how to parse the answers. */
    public RawClient sendConnect(byte[] connect, boolean mqtt5) {
        v5 = mqtt5;
        return send(connect);
    }

    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("send failed", e);
        }
    }

    /** Sends, swallowing the error the broker's close may cause mid-write (hostile input tests). */
    public boolean trySend(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The next packet within {@link #DEFAULT_WAIT}; fails on timeout or close. */
    public ReceivedPacket receive() {
        return receive(DEFAULT_WAIT);
    }

    public ReceivedPacket receive(Duration wait) {
        Result r = read(wait);
        if (r.packet != null) {
            return r.packet;
        }
        throw new AssertionError(r.closed ? "connection closed while a packet was expected"
                : "no packet within " + wait);
    }

    /** The next packet, which must be of {@code type}. */
    public ReceivedPacket expect(int type) {
        ReceivedPacket p = receive();
        if (p.type() != type) {
            throw new AssertionError("expected " + ReceivedPacket.name(type) + " but received " + p);
        }
        return p;
    }

    /** The next packet, or null when none arrives within {@code wait}; fails when the connection closes. */
    public ReceivedPacket poll(Duration wait) {
        Result r = read(wait);
        if (r.closed) {
            throw new AssertionError("connection closed");
        }
        return r.packet;
    }

    /** Asserts that no packet arrives (and the connection stays open) for {@code wait}. */
    public void expectNothing(Duration wait) {
        ReceivedPacket p = poll(wait);
        if (p != null) {
            throw new AssertionError("expected nothing, received " + p);
        }
    }

    /**
     * Waits until the broker closes the connection; returns the packets that arrived before the
     * close, fails if it is still open after {@code wait}.
     */
    public List<ReceivedPacket> awaitClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ReceivedPacket> before = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("connection still open after " + wait + "; received " + before);
            }
            Result r = read(Duration.ofNanos(left));
            if (r.closed) {
                return before;
            }
            if (r.packet != null) {
                before.add(r.packet);
                if (r.packet.type() == ReceivedPacket.DISCONNECT
                        || (r.packet.type() == ReceivedPacket.CONNACK && r.packet.reasonCode() != 0)) {
                    endOutput();
                }
            }
        }
    }

    /**
     * What a real client does on a DISCONNECT or a refusing CONNACK: it stops sending and closes
     * its side, so the broker, which waits a grace period for that before it closes (never
     * resetting a connection with unread input), closes at once.
     */
    private void endOutput() {
        if (socket instanceof javax.net.ssl.SSLSocket) {
            return; // TLS has no half-close: the broker's grace period ends it
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // closed already
        }
    }

    public List<ReceivedPacket> awaitClose() {
        return awaitClose(DEFAULT_WAIT);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Closes without DISCONNECT by resetting the connection, as a crashed client would. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // the close below still ends the connection
        }
        close();
    }

    private record Result(ReceivedPacket packet, boolean closed) {
    }

    private Result read(Duration wait) {
        if (closed) {
            return new Result(null, true);
        }
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return new Result(null, false);
            }
            if (first < 0) {
                closed = true;
                return new Result(null, true);
            }
            socket.setSoTimeout(10_000); // the rest of a packet that has started follows at once
            int length = 0;
            int multiplier = 1;
            for (int i = 0; ; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("connection closed inside a packet's fixed header");
                }
                length += (b & 0x7F) * multiplier;
                if ((b & 0x80) == 0) {
                    break;
                }
                if (i == 3) {
                    throw new AssertionError("the broker sent a Remaining Length longer than 4 bytes");
                }
                multiplier *= 128;
            }
            byte[] body = in.readNBytes(length);
            if (body.length != length) {
                throw new AssertionError("connection closed inside a packet body (" + body.length + " of " + length
                        + " bytes)");
            }
            return new Result(new ReceivedPacket(first, body, v5), false);
        } catch (SocketException | javax.net.ssl.SSLException e) {
            // a reset is a close too (the broker may close with unread input pending), over TLS as well
            closed = true;
            return new Result(null, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Concatenates packets, to send them in one write. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
