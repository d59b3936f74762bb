package io.fluxmq.api.security;

import java.util.Objects;

/** The answer of an {@link Authenticator}. */
public record AuthenticationResult(Outcome outcome, ClientPrincipal principal, String reason) {

    /** Mapped by each protocol to its own code (MQTT 5: 0x86, 0x87, 0x8C, 0x88). */
    public enum Outcome {
        SUCCESS,
        BAD_CREDENTIALS,
        NOT_AUTHORIZED,
        UNSUPPORTED_METHOD,
        UNAVAILABLE
    }

    public AuthenticationResult {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.SUCCESS) {
            Objects.requireNonNull(principal, "principal");
        }
    }

    public static AuthenticationResult success(ClientPrincipal principal) {
        return new AuthenticationResult(Outcome.SUCCESS, principal, null);
    }

    public static AuthenticationResult failure(Outcome outcome, String reason) {
        return new AuthenticationResult(outcome, null, reason);
    }

    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }
}
