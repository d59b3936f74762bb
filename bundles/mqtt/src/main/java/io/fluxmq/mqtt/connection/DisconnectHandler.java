package io.fluxmq.mqtt.connection;

import io.fluxmq.api.storage.SessionState;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.StoreFailures;

/** A DISCONNECT from the client (section 3.14). */
final class DisconnectHandler {
    private final MqttConnection c;

    DisconnectHandler(MqttConnection c) {
        this.c = c;
    }

    void onDisconnect(DisconnectPacket p) {
        Session s = c.session();
        Long expiry = p.properties().sessionExpiryInterval();
        if (expiry != null) {
            if (s.expirySeconds() == 0 && expiry > 0) {
                c.protocolError(ReasonCode.PROTOCOL_ERROR, "MQTT-3.14.2-2",
                        "a session expiry interval in DISCONNECT needs one in CONNECT");
                return;
            }
            long granted = Math.min(expiry, c.broker().settings().maxSessionExpirySeconds());
            s.expirySeconds(Math.min(granted, SessionState.NEVER_EXPIRES));
            if (s.isPersistent()) {
                StoreFailures.logged(c.broker().store().saveSession(s.state(0)), "save the session expiry of client '"
                        + s.clientId() + "'");
            }
        }
        // 0x04 asks for the will to be published as if the connection had been lost
        if (p.reasonCode() != ReasonCode.DISCONNECT_WITH_WILL_MESSAGE) {
            c.discardWill(); // MQTT-3.14.4-3
        }
        c.closing("the client sent DISCONNECT " + p.reasonCode());
        c.channel().close(); // MQTT-3.14.4-1
    }
}
