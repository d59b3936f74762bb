package io.fluxmq.transport.websocket;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "FluxMQ WebSocket listener",
        description = "MQTT over WebSocket (ws, or wss with TLS) for browsers and clients behind HTTP proxies. One "
                + "configuration per listener: etc/io.fluxmq.transport.websocket-<name>.config.")
@interface WebSocketListenerConfig {

    @AttributeDefinition(name = "Name", description = "Unique listener name, shown in the console and logs.")
    String name();

    @AttributeDefinition(name = "Host", description = "Address to bind; 0.0.0.0 for every interface.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "Port to bind; -1 means 8083, or 8084 with TLS; 0 picks a "
            + "free one.", min = "-1", max = "65535")
    int port() default -1;

    @AttributeDefinition(name = "Protocols", description = "Protocols carried over the WebSocket (mqtt).")
    String[] protocols() default {"mqtt"};

    @AttributeDefinition(name = "Path", description = "Request path of the WebSocket handshake, matched exactly "
            + "(a query string is ignored); other paths get 404.")
    String path() default "/mqtt";

    @AttributeDefinition(name = "Subprotocols", description = "WebSocket subprotocols accepted, in order of "
            + "preference; a client offering none of them is refused. 'mqtt' is the standard one (MQTT-6.0.0-4), "
            + "'mqttv3.1' is sent by old MQTT 3.1 clients.")
    String[] subprotocols() default {"mqtt", "mqttv3.1"};

    @AttributeDefinition(name = "Allowed origins", description = "Web origins (https://app.example.com) whose "
            + "pages may connect; a browser handshake from any other origin gets 403. Empty allows every origin. "
            + "Clients that send no Origin (devices, servers) are not affected.", required = false)
    String[] allowed_origins() default {};

    @AttributeDefinition(name = "Maximum frame size (bytes)", description = "Largest WebSocket frame payload; a "
            + "larger frame closes the connection with 1009. Each frame is held in memory whole, and browsers send "
            + "each MQTT packet as one frame, so this also caps the packets browsers can send.",
            min = "1024", max = "268435460")
    int max_frame_size() default 1_048_576;

    @AttributeDefinition(name = "Handshake timeout (ms)", description = "How long a new connection may take to "
            + "complete the WebSocket handshake (and, with several protocols, to send its first bytes).", min = "100")
    int handshake_timeout_ms() default 10_000;

    @AttributeDefinition(name = "TLS", description = "Encrypt connections with TLS (wss).")
    boolean tls_enabled() default false;

    @AttributeDefinition(name = "TLS certificate (PEM)", description = "Certificate chain file, PEM. Use either "
            + "certificate + key or a keystore.")
    String tls_certificate() default "";

    @AttributeDefinition(name = "TLS private key (PEM)", description = "PKCS#8 private key file, PEM.")
    String tls_key() default "";

    @AttributeDefinition(name = "TLS private key password", type = AttributeType.PASSWORD, required = false)
    String tls_key_password() default "";

    @AttributeDefinition(name = "TLS keystore", description = "PKCS12 or JKS keystore with the server key and "
            + "certificate (instead of PEM files).")
    String tls_keystore() default "";

    @AttributeDefinition(name = "TLS keystore password", type = AttributeType.PASSWORD, required = false)
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Client CA certificates (PEM)", description = "Trusted issuers of client "
            + "certificates, for mutual TLS.")
    String tls_client_ca() default "";

    @AttributeDefinition(name = "Client authentication", options = {
        @Option(label = "None", value = "none"),
        @Option(label = "Optional", value = "optional"),
        @Option(label = "Required", value = "require")})
    String tls_client_auth() default "none";

    @AttributeDefinition(name = "TLS protocols", description = "Enabled protocol versions.")
    String[] tls_protocols() default {"TLSv1.3", "TLSv1.2"};

    @AttributeDefinition(name = "Maximum connections", description = "Further connections are closed at once.",
            min = "1")
    int max_connections() default 10_000;

    @AttributeDefinition(name = "Accept backlog", min = "1")
    int backlog() default 1024;

    @AttributeDefinition(name = "Close grace period (ms)", description = "When the server ends a connection after a "
            + "last packet (MQTT DISCONNECT or a refusing CONNACK), how long it waits, reading and dropping what the "
            + "client still sends, for the client to read that packet and close its side before the connection is "
            + "closed anyway.", min = "0")
    int close_grace_ms() default 2_000;
}
