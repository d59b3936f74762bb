package io.fluxmq.mqtt.connection;

import io.fluxmq.mqtt.codec.MqttDecoder;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;

/**
 * What the client said it can take (MQTT 5 CONNECT properties); MQTT 3.1.1 clients get the
 * defaults the spec gives for absent properties.
 *
 * @param receiveMaximum QoS 1 and 2 messages the broker may have unacknowledged towards the client
 *        (MQTT-3.3.4-9)
 * @param maximumPacketSize the largest packet the client accepts (MQTT-3.1.2-24)
 * @param topicAliasMaximum aliases the broker may use towards the client (MQTT-3.3.2-11)
 * @param problemInformation whether Reason Strings and User Properties may be sent on acks
 *        (MQTT-3.1.2-29)
 */
public record ClientLimits(int receiveMaximum, long maximumPacketSize, int topicAliasMaximum,
        boolean problemInformation) {

    public static final ClientLimits DEFAULTS = new ClientLimits(65_535, MqttDecoder.MAXIMUM_PACKET_SIZE_LIMIT, 0, true);

    public static ClientLimits of(ConnectPacket connect) {
        MqttProperties p = connect.properties();
        Integer receive = p.receiveMaximum();
        Long size = p.maximumPacketSize();
        Integer aliases = p.topicAliasMaximum();
        Boolean problem = p.requestProblemInformation();
        return new ClientLimits(receive == null ? DEFAULTS.receiveMaximum : receive,
                size == null ? DEFAULTS.maximumPacketSize : size,
                aliases == null ? 0 : aliases,
                problem == null || problem);
    }

    public boolean limitsPacketSize() {
        return maximumPacketSize < MqttDecoder.MAXIMUM_PACKET_SIZE_LIMIT;
    }
}
