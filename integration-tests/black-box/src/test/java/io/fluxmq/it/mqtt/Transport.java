package io.fluxmq.it.mqtt;

import io.fluxmq.it.MqttDistribution;

/** The four ways a client reaches the broker's MQTT listeners. */
enum Transport {
    TCP, TLS, WEBSOCKET, SECURE_WEBSOCKET;

    /** The server URI as Eclipse Paho spells it. */
    String pahoUri(MqttDistribution broker) {
        return switch (this) {
            case TCP -> broker.tcpUri();
            case TLS -> broker.tlsUri();
            case WEBSOCKET -> broker.wsUri();
            case SECURE_WEBSOCKET -> broker.wssUri();
        };
    }

    int port(MqttDistribution broker) {
        return switch (this) {
            case TCP -> broker.tcpPort();
            case TLS -> broker.tlsPort();
            case WEBSOCKET -> broker.wsPort();
            case SECURE_WEBSOCKET -> broker.wssPort();
        };
    }

    boolean secure() {
        return this == TLS || this == SECURE_WEBSOCKET;
    }

    boolean webSocket() {
        return this == WEBSOCKET || this == SECURE_WEBSOCKET;
    }
}
