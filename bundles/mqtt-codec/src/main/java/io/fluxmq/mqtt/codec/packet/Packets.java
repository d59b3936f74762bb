package io.fluxmq.mqtt.codec.packet;

import java.util.List;
import java.util.Objects;

/** Checks the packet constructors share. */
final class Packets {
    private Packets() {
    }

    static void checkReasonCode(ReasonCode code, MqttPacketType packet) {
        Objects.requireNonNull(code, "reasonCode");
        if (!code.isAllowedIn(packet)) {
            throw new IllegalArgumentException(code + " is not a reason code of " + packet);
        }
    }

    static List<ReasonCode> checkReasonCodes(List<ReasonCode> codes, MqttPacketType packet) {
        List<ReasonCode> copy = List.copyOf(codes);
        copy.forEach(c -> checkReasonCode(c, packet));
        return copy;
    }
}
