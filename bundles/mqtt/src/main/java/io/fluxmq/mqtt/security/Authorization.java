package io.fluxmq.mqtt.security;

import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.mqtt.sys.BrokerStats;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the registered {@link Authorizer} services whether a client may publish to a topic or
 * subscribe to a filter. Every authorizer must allow it; with none registered everything is
 * allowed. An authorizer that throws denies (fail closed). <b>Thread:</b> the connection's event
 * loop, as the {@link Authorizer} contract says.
 */
public final class Authorization {
    private static final Logger LOG = LoggerFactory.getLogger(Authorization.class);
    private static final AtomicLong DENIALS = new AtomicLong();
    private static final AtomicLong FAILURES = new AtomicLong();

    private final Supplier<List<Authorizer>> authorizers;
    private final BrokerStats stats;

    /** @param authorizers the authorizers registered now; read on every check, so they may come and go */
    public Authorization(Supplier<List<Authorizer>> authorizers, BrokerStats stats) {
        this.authorizers = authorizers == null ? List::of : authorizers;
        this.stats = stats;
    }

    /**
     * Whether every authorizer allows the action; a denial is counted and logged (MQTT-5001).
     *
     * @param resource a topic name (PUBLISH) or the topic filter as the client sent it, a
     *        {@code $share/<group>/} prefix included (SUBSCRIBE)
     */
    public boolean isAllowed(ClientPrincipal principal, Authorizer.Action action, String resource) {
        List<Authorizer> all = authorizers.get();
        if (all == null || all.isEmpty()) {
            return true;
        }
        for (Authorizer authorizer : all) {
            if (!ask(authorizer, principal, action, resource)) {
                denied(principal, action, resource);
                return false;
            }
        }
        return true;
    }

    private static boolean ask(Authorizer authorizer, ClientPrincipal principal, Authorizer.Action action,
            String resource) {
        try {
            return authorizer.isAllowed(principal, action, resource);
        } catch (RuntimeException e) {
            long n = FAILURES.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warn("MQTT-5002 authorizer {} failed on {} '{}' for client '{}'; denied ({} failure(s) so far)",
                        authorizer.getClass().getName(), action, resource, principal.clientId(), n, e);
            }
            return false;
        }
    }

    private void denied(ClientPrincipal principal, Authorizer.Action action, String resource) {
        stats.authorizationDenial();
        long n = DENIALS.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.info("MQTT-5001 client '{}' (user '{}') may not {} '{}' ({} denial(s) so far)", principal.clientId(),
                    principal.username(), action, resource, n);
        } else {
            LOG.debug("MQTT-5001 client '{}' (user '{}') may not {} '{}'", principal.clientId(), principal.username(),
                    action, resource);
        }
    }
}
