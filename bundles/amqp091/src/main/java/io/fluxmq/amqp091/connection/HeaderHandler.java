package io.fluxmq.amqp091.connection;

import io.fluxmq.amqp091.codec.Frames;
import io.fluxmq.api.transport.GracefulClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the 8-byte protocol header that opens every connection (AMQP 0.9.1 section 4.2.2). On
 * {@code AMQP 0 0 9 1} it hands over to the frame decoder and the connection, which starts the
 * handshake; on anything else the server answers with the header it speaks and closes.
 */
public final class HeaderHandler extends ByteToMessageDecoder {
    private static final byte[] HEADER = Frames.protocolHeader();

    private final Runnable accepted;

    /** @param accepted installs the connection's handlers; runs on the event loop before this handler goes */
    public HeaderHandler(Runnable accepted) {
        this.accepted = accepted;
    }

    /** Whether these 8 bytes are the AMQP 0.9.1 protocol header. */
    public static boolean isHeader(ByteBuf head) {
        for (int i = 0; i < HEADER.length; i++) {
            if (head.getByte(head.readerIndex() + i) != HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes start like an AMQP protocol header of any version ({@code AMQP}). */
    public static boolean isAmqp(ByteBuf head) {
        return head.readableBytes() >= 4 && head.getByte(head.readerIndex()) == 'A'
                && head.getByte(head.readerIndex() + 1) == 'M' && head.getByte(head.readerIndex() + 2) == 'Q'
                && head.getByte(head.readerIndex() + 3) == 'P';
    }

    /** The header this server speaks, for a peer that asked for another. */
    public static byte[] supportedHeader() {
        return Arrays.copyOf(HEADER, HEADER.length);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Frames.PROTOCOL_HEADER_LENGTH) {
            if (in.readableBytes() >= 4 && !isAmqp(in)) {
                refuse(ctx, in);
            }
            return;
        }
        if (!isHeader(in)) {
            refuse(ctx, in);
            return;
        }
        in.skipBytes(Frames.PROTOCOL_HEADER_LENGTH);
        accepted.run();
        ctx.pipeline().remove(this);
    }

    private static void refuse(ChannelHandlerContext ctx, ByteBuf in) {
        in.skipBytes(in.readableBytes());
        GracefulClose.after(ctx.writeAndFlush(Unpooled.wrappedBuffer(supportedHeader())));
    }
}
