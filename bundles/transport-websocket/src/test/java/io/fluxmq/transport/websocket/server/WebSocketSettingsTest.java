package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebSocketSettingsTest {

    private static WebSocketSettings with(String path, List<String> subprotocols, Set<String> origins) {
        return new WebSocketSettings("ws", path, subprotocols, origins, 1024, 1000);
    }

    @Test
    void selectsTheFirstOfOurSubprotocolsThatTheClientOffers() {
        WebSocketSettings s = with("/mqtt", List.of("mqtt", "mqttv3.1"), Set.of());
        assertThat(s.choose(List.of("mqttv3.1, mqtt"))).contains("mqtt");
        assertThat(s.choose(List.of("chat", " mqttv3.1 "))).contains("mqttv3.1");
        assertThat(s.choose(List.of("MQTT"))).as("tokens are case-sensitive").isEmpty();
        assertThat(s.choose(List.of("foo,bar"))).isEmpty();
        assertThat(s.choose(List.of())).isEmpty();
    }

    @Test
    void originsCompareAsBrowsersSerializeThem() {
        WebSocketSettings s = with("/mqtt", List.of("mqtt"), Set.of("https://App.Example.com/", "null"));
        assertThat(s.originAllowed("https://app.example.com")).isTrue();
        assertThat(s.originAllowed("null")).isTrue();
        assertThat(s.originAllowed("https://app.example.com:8443")).isFalse();
        assertThat(s.originAllowed(null)).as("non-browser client").isTrue();
        assertThat(with("/mqtt", List.of("mqtt"), Set.of()).originAllowed("https://any.where")).isTrue();
    }

    @Test
    void invalidSettingsNameTheListenerAndTheProblem() {
        assertThatThrownBy(() -> with("mqtt", List.of("mqtt"), Set.of())).hasMessageContaining("WS-1001")
                .hasMessageContaining("'ws'").hasMessageContaining("path");
        assertThatThrownBy(() -> with("/mqtt?x", List.of("mqtt"), Set.of())).hasMessageContaining("path");
        assertThatThrownBy(() -> with("/mqtt", List.of(), Set.of())).hasMessageContaining("subprotocols");
        assertThatThrownBy(() -> with("/mqtt", List.of("mqtt, foo"), Set.of())).hasMessageContaining("token");
        assertThatThrownBy(() -> with("/mqtt", List.of("mqtt"), Set.of("app.example.com")))
                .hasMessageContaining("WS-1001").hasMessageContaining("https://host");
        assertThatThrownBy(() -> new WebSocketSettings("ws", "/mqtt", List.of("mqtt"), Set.of(), 0, 1000))
                .hasMessageContaining("max.frame.size");
    }
}
