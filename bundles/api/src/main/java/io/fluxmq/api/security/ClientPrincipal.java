package io.fluxmq.api.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who a connection is, once authenticated.
 *
 * @param username the authenticated user name, or null for an anonymous client
 * @param clientId the protocol's client or container identifier
 * @param protocol e.g. "mqtt", "amqp091"
 * @param roles roles the authenticator granted, for the authorizer
 */
public record ClientPrincipal(String username, String clientId, String protocol, Set<String> roles) {
    public ClientPrincipal {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(protocol, "protocol");
        roles = Set.copyOf(roles);
    }
}
