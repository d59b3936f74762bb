package io.fluxmq.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.transport.tcp.server.ListenerSettings;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration as Configuration Admin would hand it over: metatype defaults plus what the file sets. */
class WebSocketListenerConfigTest {

    private static WebSocketListenerConfig config(Object... keyValues) {
        Map<String, Object> values = new HashMap<>(Map.of("name", "mqtt-ws"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (WebSocketListenerConfig) Proxy.newProxyInstance(WebSocketListenerConfig.class.getClassLoader(),
                new Class<?>[] {WebSocketListenerConfig.class}, (proxy, method, args) -> {
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    @Test
    void defaultsDescribeAnMqttWebSocketListenerOn8083() {
        WebSocketListenerConfig c = config();
        ListenerSettings s = WebSocketListenerComponent.settings(c);
        assertThat(s.address().getPort()).isEqualTo(8083);
        assertThat(s.transport()).isEqualTo("ws");
        assertThat(s.protocols()).containsExactly("mqtt");
        assertThat(c.path()).isEqualTo("/mqtt");
        assertThat(c.subprotocols()).containsExactly("mqtt", "mqttv3.1");
        assertThat(c.allowed_origins()).isEmpty();
        assertThat(c.max_frame_size()).isEqualTo(1 << 20);
    }

    @Test
    void tlsListenersDefaultTo8084AndAConfiguredPortWins() {
        assertThat(WebSocketListenerComponent.port(config("tls_enabled", true))).isEqualTo(8084);
        assertThat(WebSocketListenerComponent.port(config("tls_enabled", true, "port", 443))).isEqualTo(443);
        assertThat(WebSocketListenerComponent.port(config("port", 0))).isZero();
    }

    @Test
    void invalidConfigurationFailsWithTheListenerName() {
        assertThatThrownBy(() -> WebSocketListenerComponent.settings(config("path", "mqtt")))
                .hasMessageContaining("WS-1001").hasMessageContaining("'mqtt-ws'");
        assertThatThrownBy(() -> WebSocketListenerComponent.settings(config("allowed_origins",
                new String[] {"example.com", "example.com"}))).hasMessageContaining("WS-1001");
    }
}
