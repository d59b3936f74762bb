package io.fluxmq.mqtt.codec.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * CONNECT (section 3.1). The decoder has checked the format and the flags; what the broker decides
 * (client identifier rules, authentication, Will QoS it supports) is left to it.
 *
 * @param version the protocol version the client asked for
 * @param clientId the Client Identifier; may be empty
 * @param cleanStart Clean Start (MQTT 5) or Clean Session (3.1.1)
 * @param keepAliveSeconds the Keep Alive, 0..65535
 * @param username the User Name, or null
 * @param password the Password (copied in and out), or null; without a User Name only in MQTT 5
 * @param will the Will Message, or null
 * @param properties the CONNECT properties (MQTT 5), otherwise {@link MqttProperties#EMPTY}
 */
public record ConnectPacket(MqttVersion version, String clientId, boolean cleanStart, int keepAliveSeconds,
        String username, byte[] password, Will will, MqttProperties properties) implements MqttPacket {

    public ConnectPacket {
        Objects.requireNonNull(version, "version");
        MqttStrings.check(clientId, "client identifier");
        if (keepAliveSeconds < 0 || keepAliveSeconds > 0xFFFF) {
            throw new IllegalArgumentException("keep alive must be 0..65535, was " + keepAliveSeconds);
        }
        MqttStrings.checkOptional(username, "user name");
        password = password == null ? null : MqttStrings.checkBinary(password, "password").clone();
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.CONNECT;
    }

    /** A copy of the password, or null. */
    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectPacket c && version == c.version && clientId.equals(c.clientId)
                && cleanStart == c.cleanStart && keepAliveSeconds == c.keepAliveSeconds
                && Objects.equals(username, c.username) && Arrays.equals(password, c.password)
                && Objects.equals(will, c.will) && properties.equals(c.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, clientId, cleanStart, keepAliveSeconds, username, will, properties);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CONNECT[" + version + ", clientId=" + clientId + ", cleanStart=" + cleanStart + ", keepAlive="
                + keepAliveSeconds + ", username=" + username + ", password=" + (password == null ? "no" : "yes")
                + ", will=" + will + ", properties=" + properties + "]";
    }
}
