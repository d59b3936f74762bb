package io.fluxmq.api.security;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks credentials; registered as a service. With no authenticator present, protocols apply
 * their configured anonymous policy.
 */
@ConsumerType
public interface Authenticator {
    /**
     * <b>Thread:</b> a connection's event loop. Must not block: answer from memory, or complete the
     * stage later from another thread (a directory lookup).
     */
    CompletionStage<AuthenticationResult> authenticate(Credentials credentials);
}
