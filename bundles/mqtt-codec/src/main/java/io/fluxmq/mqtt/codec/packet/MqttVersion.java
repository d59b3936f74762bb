package io.fluxmq.mqtt.codec.packet;

/**
 * The protocol versions this codec speaks, picked by the protocol level of CONNECT. MQTT 3.1
 * (protocol name "MQIsdp", level 3) is recognised only to be refused with CONNACK return code
 * 0x01 (unacceptable protocol version).
 */
public enum MqttVersion {
    MQTT_3_1_1(4),
    MQTT_5(5);

    /** The protocol name both versions send in CONNECT (MQTT-3.1.2-1). */
    public static final String PROTOCOL_NAME = "MQTT";

    private final int protocolLevel;

    MqttVersion(int protocolLevel) {
        this.protocolLevel = protocolLevel;
    }

    /** The protocol level byte of CONNECT: 4 for 3.1.1, 5 for 5.0. */
    public int protocolLevel() {
        return protocolLevel;
    }

    /** The version of a protocol level, or null when this codec does not speak it. */
    public static MqttVersion ofProtocolLevel(int level) {
        return switch (level) {
            case 4 -> MQTT_3_1_1;
            case 5 -> MQTT_5;
            default -> null;
        };
    }

    /** True for MQTT 5: packets carry properties and reason codes. */
    public boolean isMqtt5() {
        return this == MQTT_5;
    }
}
