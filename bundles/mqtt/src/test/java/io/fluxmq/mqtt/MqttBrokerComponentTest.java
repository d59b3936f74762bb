package io.fluxmq.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.broker.BrokerSettings;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class MqttBrokerComponentTest {

    /** The configuration SCR hands over when etc/ sets nothing: every attribute at its default. */
    private static MqttBrokerComponent.Config metatypeDefaults() {
        return (MqttBrokerComponent.Config) Proxy.newProxyInstance(MqttBrokerComponent.Config.class.getClassLoader(),
                new Class<?>[] {MqttBrokerComponent.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    @Test
    void theMetatypesDefaultsAreTheBuildersDefaults() {
        assertThat(MqttBrokerComponent.settings(metatypeDefaults())).isEqualTo(BrokerSettings.DEFAULTS);
    }
}
