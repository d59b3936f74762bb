package io.fluxmq.transport.tcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "FluxMQ TCP listener",
        description = "A TCP or TLS listener handing connections to the protocols it serves. One "
                + "configuration per listener: etc/io.fluxmq.transport.tcp-<name>.config.")
@interface TcpListenerConfig {

    @AttributeDefinition(name = "Name", description = "Unique listener name, shown in the console and logs.")
    String name();

    @AttributeDefinition(name = "Host", description = "Address to bind; 0.0.0.0 for every interface.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "Port to bind; 0 picks a free one.", min = "0", max = "65535")
    int port();

    @AttributeDefinition(name = "Protocols", description = "Protocols served on this port (mqtt, amqp091, amqp10). "
            + "With several, each connection's first bytes choose.")
    String[] protocols() default {"mqtt"};

    @AttributeDefinition(name = "TLS", description = "Encrypt connections with TLS.")
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

    @AttributeDefinition(name = "Protocol detection timeout (ms)", description = "On a multi-protocol port, how "
            + "long a new connection may take to send the bytes that identify its protocol.", min = "100")
    int detection_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Close grace period (ms)", description = "When the server ends a connection after a "
            + "last packet (MQTT DISCONNECT or a refusing CONNACK), how long it waits, reading and dropping what the "
            + "client still sends, for the client to read that packet and close its side before the connection is "
            + "closed anyway.", min = "0")
    int close_grace_ms() default 2_000;
}
