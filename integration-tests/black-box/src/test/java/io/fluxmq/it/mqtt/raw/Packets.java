package io.fluxmq.it.mqtt.raw;

import java.nio.charset.StandardCharsets;

/**
 * Client-to-server packets built byte by byte (MQTT 3.1.1 when {@code v5} is false, MQTT 5.0
 * otherwise). Every builder returns the whole packet, fixed header included, ready to send; tests
 * that need a broken packet build it with {@link Bytes} directly.
 */
public final class Packets {
    public static final int LEVEL_311 = 4;
    public static final int LEVEL_5 = 5;

    private Packets() {
    }

    /** A CONNECT, built field by field; defaults: MQTT 5, clean start, keep alive 60, no will. */
    public static Connect connect(String clientId) {
        return new Connect(clientId);
    }

    /** CONNECT (section 3.1). Each setter may write a value the spec forbids. */
    public static final class Connect {
        private String protocolName = "MQTT";
        private int level = LEVEL_5;
        private final String clientId;
        private byte[] clientIdBytes;
        private boolean cleanStart = true;
        private int keepAlive = 60;
        private byte[] properties = Props.empty();
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private boolean willRetain;
        private byte[] willProperties = Props.empty();
        private String username;
        private byte[] password;
        private Integer flagsOverride;
        private int orFlags;

        private Connect(String clientId) {
            this.clientId = clientId;
        }

        public Connect v311() {
            level = LEVEL_311;
            return this;
        }

        public Connect protocol(String name, int protocolLevel) {
            protocolName = name;
            level = protocolLevel;
            return this;
        }

        public Connect cleanStart(boolean clean) {
            cleanStart = clean;
            return this;
        }

        public Connect keepAlive(int seconds) {
            keepAlive = seconds;
            return this;
        }

        public Connect properties(byte[] block) {
            properties = block;
            return this;
        }

        /** The client identifier as raw bytes (e.g. ill-formed UTF-8). */
        public Connect clientIdBytes(byte[] raw) {
            clientIdBytes = raw;
            return this;
        }

        public Connect will(String topic, String payload, int qos, boolean retain) {
            willTopic = topic;
            willPayload = payload.getBytes(StandardCharsets.UTF_8);
            willQos = qos;
            willRetain = retain;
            return this;
        }

        public Connect willProperties(byte[] block) {
            willProperties = block;
            return this;
        }

        public Connect username(String name) {
            username = name;
            return this;
        }

        public Connect password(byte[] pw) {
            password = pw;
            return this;
        }

        /** Replaces the computed Connect Flags byte with exactly this value. */
        public Connect flags(int flags) {
            flagsOverride = flags;
            return this;
        }

        /** Sets extra bits in the computed Connect Flags byte. */
        public Connect orFlags(int bits) {
            orFlags |= bits;
            return this;
        }

        public boolean isV5() {
            return level == LEVEL_5;
        }

        public byte[] build() {
            int flags = (cleanStart ? 0x02 : 0) | (willTopic != null ? 0x04 : 0) | (willQos << 3)
                    | (willRetain ? 0x20 : 0) | (password != null ? 0x40 : 0) | (username != null ? 0x80 : 0);
            flags = flagsOverride != null ? flagsOverride : flags | orFlags;
            boolean v5 = level == LEVEL_5;
            Bytes b = new Bytes().string(protocolName).u8(level).u8(flags).u16(keepAlive);
            if (v5) {
                b.raw(properties);
            }
            if (clientIdBytes != null) {
                b.stringBytes(clientIdBytes);
            } else {
                b.string(clientId);
            }
            if (willTopic != null) {
                if (v5) {
                    b.raw(willProperties);
                }
                b.string(willTopic).binary(willPayload);
            }
            if (username != null) {
                b.string(username);
            }
            if (password != null) {
                b.binary(password);
            }
            return Bytes.frame(0x10, b.toByteArray());
        }
    }

    /** PUBLISH (section 3.3) with the given flags' QoS, retain and DUP. */
    public static byte[] publish(boolean v5, String topic, int qos, boolean retain, int packetId, byte[] props,
            byte[] payload) {
        return publish(v5, topic.getBytes(StandardCharsets.UTF_8), qos, retain, false, packetId, props, payload);
    }

    public static byte[] publish(boolean v5, String topic, int qos, boolean retain, int packetId, String payload) {
        return publish(v5, topic, qos, retain, packetId, Props.empty(), payload.getBytes(StandardCharsets.UTF_8));
    }

    /** PUBLISH with the topic given as raw bytes. */
    public static byte[] publish(boolean v5, byte[] topic, int qos, boolean retain, boolean dup, int packetId,
            byte[] props, byte[] payload) {
        Bytes b = new Bytes().stringBytes(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (v5) {
            b.raw(props);
        }
        b.raw(payload);
        int first = 0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0);
        return Bytes.frame(first, b.toByteArray());
    }

    /** SUBSCRIBE with one filter; {@code options} is the whole options byte (QoS in bits 0-1). */
    public static byte[] subscribe(boolean v5, int packetId, String filter, int options) {
        return subscribe(v5, packetId, Props.empty(), new String[] {filter}, new int[] {options});
    }

    /** SUBSCRIBE (section 3.8) with several filters and their option bytes. */
    public static byte[] subscribe(boolean v5, int packetId, byte[] props, String[] filters, int[] options) {
        Bytes b = new Bytes().u16(packetId);
        if (v5) {
            b.raw(props);
        }
        for (int i = 0; i < filters.length; i++) {
            b.string(filters[i]).u8(options[i]);
        }
        return Bytes.frame(0x82, b.toByteArray());
    }

    /** UNSUBSCRIBE (section 3.10). */
    public static byte[] unsubscribe(boolean v5, int packetId, String... filters) {
        Bytes b = new Bytes().u16(packetId);
        if (v5) {
            b.raw(Props.empty());
        }
        for (String f : filters) {
            b.string(f);
        }
        return Bytes.frame(0xA2, b.toByteArray());
    }

    public static byte[] puback(int packetId) {
        return Bytes.frame(0x40, new Bytes().u16(packetId).toByteArray());
    }

    public static byte[] pubrec(int packetId) {
        return Bytes.frame(0x50, new Bytes().u16(packetId).toByteArray());
    }

    public static byte[] pubrel(int packetId) {
        return Bytes.frame(0x62, new Bytes().u16(packetId).toByteArray());
    }

    public static byte[] pubcomp(int packetId) {
        return Bytes.frame(0x70, new Bytes().u16(packetId).toByteArray());
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    /** DISCONNECT: MQTT 3.1.1 and MQTT 5 reason 0x00 without properties. */
    public static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    /** MQTT 5 DISCONNECT with a reason code and properties. */
    public static byte[] disconnect(int reasonCode, byte[] props) {
        return Bytes.frame(0xE0, new Bytes().u8(reasonCode).raw(props).toByteArray());
    }
}
