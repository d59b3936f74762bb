package io.fluxmq.it.mqtt;

import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 client callback that hands each message to an action and ignores the rest. A
 * client-wide callback, because Paho 1.2.5's per-subscription listeners fail on some subscribe
 * overloads and match "$share/..." filters against topics as text.
 */
class PahoV5Callback implements MqttCallback {
    private final Consumer<MqttMessage> action;

    PahoV5Callback(Consumer<MqttMessage> action) {
        this.action = action;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        action.accept(message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
