package io.fluxmq.api.security;

import java.util.Objects;

/**
 * What a client presented when it connected.
 *
 * @param password raw bytes (MQTT passwords are binary); null when none was sent. The
 *        authenticator must not keep the array.
 * @param certificateSubject subject DN of a verified TLS client certificate, or null
 * @param authenticationMethod an extended method (MQTT 5 AUTH, SASL mechanism), or null
 */
public record Credentials(String protocol, String clientId, String username, byte[] password,
        String remoteAddress, String certificateSubject, String authenticationMethod) {
    public Credentials {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientId, "clientId");
    }
}
