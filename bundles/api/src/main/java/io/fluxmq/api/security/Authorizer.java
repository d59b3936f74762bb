package io.fluxmq.api.security;

import org.osgi.annotation.versioning.ConsumerType;

/** Decides what an authenticated client may do; registered as a service. */
@ConsumerType
public interface Authorizer {
    /** What is being attempted. */
    enum Action {
        PUBLISH,
        SUBSCRIBE,
        CONSUME,
        MANAGE
    }

    /**
     * <b>Thread:</b> a connection's event loop, on every publish and subscribe: must answer from
     * memory without blocking.
     *
     * @param resource a topic name, topic filter or queue name
     */
    boolean isAllowed(ClientPrincipal principal, Action action, String resource);
}
