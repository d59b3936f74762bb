package io.fluxmq.amqp091.codec;

/** Constants of the AMQP 0.9.1 framing layer (section 4.2 of the specification). */
public final class Frames {
    /** The length of the protocol header a client sends first. */
    public static final int PROTOCOL_HEADER_LENGTH = 8;
    /** Frame type of a method frame. */
    public static final int TYPE_METHOD = 1;
    /** Frame type of a content header frame. */
    public static final int TYPE_HEADER = 2;
    /** Frame type of a content body frame. */
    public static final int TYPE_BODY = 3;
    /** Frame type of a heartbeat frame. */
    public static final int TYPE_HEARTBEAT = 8;
    /** The octet that ends every frame. */
    public static final int FRAME_END = 0xCE;
    /** Type (1), channel (2) and payload size (4). */
    public static final int HEADER_SIZE = 7;
    /** What a frame adds to its payload: the header and the frame-end octet. */
    public static final int OVERHEAD = HEADER_SIZE + 1;
    /** The smallest frame-max a peer may negotiate. */
    public static final int MIN_FRAME_MAX = 4096;

    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    private Frames() {
    }

    /** @return a fresh copy of the protocol header {@code "AMQP" 0 0 9 1} */
    public static byte[] protocolHeader() {
        return PROTOCOL_HEADER.clone();
    }
}
