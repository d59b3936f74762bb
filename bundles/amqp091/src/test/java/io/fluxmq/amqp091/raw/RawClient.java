package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.Channel;
import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.amqp091.codec.FrameWriter;
import io.fluxmq.amqp091.codec.Frames;
import io.fluxmq.amqp091.codec.Method;
import io.fluxmq.amqp091.codec.MethodCodec;
import io.fluxmq.amqp091.codec.Queue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A deliberately dumb AMQP 0.9.1 client on a plain socket: it writes whatever bytes a test wants
 * (well-formed frames through the codec's {@link FrameWriter}, or broken ones by hand) and reads
 * the server's frames one at a time, so tests can check the exact reply to each protocol error.
 * Every read times out after {@link #READ_TIMEOUT_MILLIS}.
 */
final class RawClient implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 5_000;
    static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    /** One frame as it came off the wire. */
    record RawFrame(int type, int channel, byte[] payload) {
        /** Decodes a method frame's payload with the codec. */
        Method method() {
            assertThat(type).as("frame type of %s", this).isEqualTo(Frames.TYPE_METHOD);
            ByteBuf buf = Unpooled.wrappedBuffer(payload);
            return MethodCodec.decode(buf);
        }

        boolean isHeartbeat() {
            return type == Frames.TYPE_HEARTBEAT;
        }

        @Override
        public String toString() {
            return "RawFrame[type=" + type + ", channel=" + channel + ", size=" + payload.length + "]";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** Whether {@link #readMethod} passes over heartbeat frames. */
    boolean skipHeartbeats = true;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    // ---- connecting

    /** A TCP connection to the server; nothing sent yet. */
    static RawClient connect(int port) {
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection through the whole handshake as guest/guest on "/", without heartbeats. */
    static RawClient open(int port) {
        return open(port, 0, 0, 0);
    }

    /**
     * A connection through the whole handshake as guest/guest on "/".
     *
     * @param channelMax the channel-max for tune-ok, 0 to take the server's
     * @param frameMax the frame-max for tune-ok, 0 to take the server's
     * @param heartbeat the heartbeat for tune-ok in seconds
     */
    static RawClient open(int port, int channelMax, long frameMax, int heartbeat) {
        RawClient c = connect(port);
        try {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, plainStartOk("guest", "guest"));
            Connection.Tune tune = c.expect(0, Connection.Tune.class);
            c.send(0, new Connection.TuneOk(channelMax == 0 ? tune.channelMax() : channelMax,
                    frameMax == 0 ? tune.frameMax() : frameMax, heartbeat));
            c.send(0, new Connection.Open("/"));
            c.expect(0, Connection.OpenOk.class);
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    static Connection.StartOk plainStartOk(String user, String password) {
        byte[] response = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return new Connection.StartOk(Map.of("product", "raw-test"), "PLAIN", response, "en_US");
    }

    static Connection.StartOk amqplainStartOk(String user, String password) {
        ByteBuf table = Unpooled.buffer();
        FieldTables.writeTable(Map.of("LOGIN", user, "PASSWORD", password), table);
        table.skipBytes(4); // AMQPLAIN's response is the table without its length
        byte[] response = new byte[table.readableBytes()];
        table.readBytes(response);
        table.release();
        return new Connection.StartOk(Map.of("product", "raw-test"), "AMQPLAIN", response, "en_US");
    }

    // ---- writing

    void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendHeader() {
        sendBytes(AMQP_0_9_1);
    }

    void send(int channel, Method m) {
        sendWith(buf -> FrameWriter.writeMethod(buf, channel, m));
    }

    /** A content-bearing method with its header and body in one write. */
    void sendContent(int channel, Method m, BasicProperties p, byte[] body) {
        sendWith(buf -> FrameWriter.writeContent(buf, channel, m, p, Unpooled.wrappedBuffer(body), 0));
    }

    /** A content-bearing method with its header and body frames cut to {@code frameMax}, in one write. */
    void sendContent(int channel, Method m, BasicProperties p, byte[] body, long frameMax) {
        sendWith(buf -> FrameWriter.writeContent(buf, channel, m, p, Unpooled.wrappedBuffer(body), frameMax));
    }

    void sendContentHeader(int channel, int classId, long bodySize) {
        sendWith(buf -> FrameWriter.writeHeader(buf, channel, classId, bodySize, BasicProperties.EMPTY));
    }

    void sendBody(int channel, byte[] body) {
        sendWith(buf -> FrameWriter.writeBody(buf, channel, Unpooled.wrappedBuffer(body), 0));
    }

    void sendHeartbeat() {
        sendWith(FrameWriter::writeHeartbeat);
    }

    /** Any frame, as broken as the test wants it: a type, a channel, a payload and a frame-end octet. */
    void sendFrame(int type, int channel, byte[] payload, int frameEnd) {
        ByteBuf buf = Unpooled.buffer(payload.length + Frames.OVERHEAD);
        buf.writeByte(type).writeShort(channel).writeInt(payload.length).writeBytes(payload).writeByte(frameEnd);
        sendBuffer(buf);
    }

    /** The payload of a method frame: class id, method id and arguments, as the codec encodes them. */
    static byte[] methodPayload(Method m) {
        ByteBuf buf = Unpooled.buffer();
        MethodCodec.encode(m, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private void sendWith(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        sendBuffer(buf);
    }

    private void sendBuffer(ByteBuf buf) {
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            sendBytes(bytes);
        } finally {
            buf.release();
        }
    }

    /** Half-closes the socket: the server reads end of stream. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading

    /** Reads exactly {@code n} bytes, or fewer if the server closes first. */
    byte[] readUpTo(int n) {
        byte[] buf = new byte[n];
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(buf, got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(buf, got);
    }

    /** The next frame; fails on a bad frame end, end of stream or the read timeout. */
    RawFrame readFrame() {
        try {
            int type = in.readUnsignedByte();
            int channel = in.readUnsignedShort();
            int size = in.readInt();
            assertThat(size).as("payload size of a frame from the server").isBetween(0, 16 * 1024 * 1024);
            byte[] payload = new byte[size];
            in.readFully(payload);
            int end = in.readUnsignedByte();
            assertThat(end).as("frame end octet").isEqualTo(Frames.FRAME_END);
            return new RawFrame(type, channel, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next method frame's channel and method, passing over heartbeats unless told not to. */
    RawFrame readMethodFrame() {
        for (int i = 0; i < 1_000; i++) {
            RawFrame f = readFrame();
            if (f.isHeartbeat() && skipHeartbeats) {
                continue;
            }
            assertThat(f.type()).as("type of %s", f).isEqualTo(Frames.TYPE_METHOD);
            return f;
        }
        throw new AssertionError("only heartbeats from the server");
    }

    Method readMethod() {
        return readMethodFrame().method();
    }

    /** The next method, which must be of this type on this channel. */
    <T extends Method> T expect(int channel, Class<T> type) {
        RawFrame f = readMethodFrame();
        Method m = f.method();
        assertThat(m).as("method on channel %d", f.channel()).isInstanceOf(type);
        assertThat(f.channel()).as("channel of %s", m).isEqualTo(channel);
        return type.cast(m);
    }

    /** The server's connection.close, which must carry this reply code. */
    Connection.Close expectConnectionClose(int replyCode) {
        Connection.Close close = expect(0, Connection.Close.class);
        assertThat(close.replyCode()).as("reply code of %s", close).isEqualTo(replyCode);
        return close;
    }

    /** The server's channel.close on this channel, which must carry this reply code. */
    Channel.Close expectChannelClose(int channel, int replyCode) {
        Channel.Close close = expect(channel, Channel.Close.class);
        assertThat(close.replyCode()).as("reply code of %s", close).isEqualTo(replyCode);
        return close;
    }

    /**
     * Reads and drops whatever comes until the server closes the connection.
     *
     * @return whether the server closed (end of stream or reset) within {@code within}
     */
    boolean awaitClosed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        } catch (SocketException e) {
            return true; // connection reset: closed too
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                }
            } catch (SocketException ignored) {
                // closed meanwhile
            }
        }
    }

    /**
     * Waits for a frame without taking it apart.
     *
     * @return the next frame, or null if the server sent nothing within {@code within} or closed
     */
    RawFrame pollFrame(Duration within) {
        try {
            socket.setSoTimeout((int) Math.max(1, within.toMillis()));
            return readFrame();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException || e.getCause() instanceof EOFException
                    || e.getCause() instanceof SocketException) {
                return null;
            }
            throw e;
        } catch (SocketException e) {
            return null;
        } finally {
            try {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                }
            } catch (SocketException ignored) {
                // closed meanwhile
            }
        }
    }

    /** Answers the server's connection.close with close-ok, half-closes, and expects the server to close. */
    void closeOkAndAwaitClosed() {
        send(0, new Connection.CloseOk());
        shutdownOutput();
        assertThat(awaitClosed(Duration.ofSeconds(5))).as("server closed the socket after close-ok").isTrue();
    }

    // ---- conveniences on an open connection

    void openChannel(int channel) {
        send(channel, new Channel.Open());
        expect(channel, Channel.OpenOk.class);
    }

    Queue.DeclareOk declareQueue(int channel, String name) {
        send(channel, new Queue.Declare(name, false, false, false, true, false, Map.of()));
        return expect(channel, Queue.DeclareOk.class);
    }

    /** Opens a channel, declares a queue and closes the channel again: the connection works. */
    void assertUsable(int channel) {
        openChannel(channel);
        assertThat(declareQueue(channel, "").queue()).isNotEmpty();
        send(channel, new Channel.Close(200, "bye", 0, 0));
        expect(channel, Channel.CloseOk.class);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the test is over
        }
    }
}
