package io.fluxmq.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.TestBroker;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Response Information and payload format validation as Paho's MQTT 5 client sees them. */
class PahoV5RequestResponseTest {
    private static final long WAIT = 5_000;
    private RunningBroker running;
    private MqttAsyncClient client;

    @BeforeEach
    void start() throws Exception {
        running = new RunningBroker(TestBroker.settings());
        client = new MqttAsyncClient(running.uri(), "paho-rr", new MemoryPersistence());
    }

    @AfterEach
    void stop() throws Exception {
        if (client.isConnected()) {
            client.disconnectForcibly(0, 100, false);
        }
        client.close(true);
        running.close();
    }

    @Test
    void responseInformationAndPayloadFormatInvalid() throws Exception {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(5);
        o.setRequestResponseInfo(true);
        IMqttToken connected = client.connect(o);
        connected.waitForCompletion(WAIT);
        assertThat(connected.getResponseProperties().getResponseInfo()).isEqualTo("$response/paho-rr");

        MqttProperties utf8 = new MqttProperties();
        utf8.setPayloadFormat(true);
        IMqttToken pub = client.publish("pf/paho", new MqttMessage(new byte[] {(byte) 0xC3, 0x28}, 1, false, utf8));
        int code;
        try {
            pub.waitForCompletion(WAIT);
            code = pub.getReasonCodes()[0];
        } catch (MqttException e) {
            code = e.getReasonCode();
        }
        assertThat(code).isEqualTo(0x99);
        assertThat(client.isConnected()).isTrue();
    }
}
