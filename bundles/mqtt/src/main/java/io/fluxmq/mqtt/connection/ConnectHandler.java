package io.fluxmq.mqtt.connection;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.security.Credentials;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.Will;
import io.fluxmq.mqtt.publish.MqttMessages;
import io.fluxmq.mqtt.publish.StorageWrites;
import io.fluxmq.api.transport.ClientCertificates;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.SessionRegistry.Claim;
import io.fluxmq.mqtt.session.StoreFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.security.auth.x500.X500Principal;

/**
 * CONNECT (section 3.1): checks what the decoder leaves to the broker, authenticates, claims the
 * session (taking it over from another connection), and answers with CONNACK carrying the
 * broker's limits. Every step that waits (authenticator, state store, the previous owner letting
 * go) continues on the connection's event loop.
 */
final class ConnectHandler {
    private final MqttConnection c;
    private final MqttBroker broker;
    private final BrokerSettings settings;
    /** What the CONNECT said the client takes: a refusing CONNACK fits it (MQTT-3.2.2-19, -20). */
    private ClientLimits limits = ClientLimits.DEFAULTS;

    ConnectHandler(MqttConnection c) {
        this.c = c;
        this.broker = c.broker();
        this.settings = broker.settings();
    }

    void onConnect(ConnectPacket p) {
        c.connecting(p.version());
        limits = ClientLimits.of(p);
        c.channel().config().setAutoRead(false); // hold further input until CONNACK
        boolean v5 = p.version().isMqtt5();
        String method = p.properties().authenticationMethod();
        if (v5 && method != null) {
            refuse(ReasonCode.BAD_AUTHENTICATION_METHOD, "authentication method '" + method + "' is not supported");
            return;
        }
        String clientId = p.clientId();
        boolean assigned = false;
        if (clientId.isEmpty()) {
            if (!v5 && !p.cleanStart()) {
                refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "an empty client identifier needs clean session 1");
                return; // MQTT-3.1.3-8
            }
            clientId = "fluxmq-" + UUID.randomUUID(); // MQTT-3.1.3-6
            assigned = true;
        }
        Will will = p.will();
        if (will != null && will.qos().value() > settings.maximumQos().value()) {
            refuse(ReasonCode.QOS_NOT_SUPPORTED, "will QoS " + will.qos().value() + " is above the maximum QoS");
            return; // MQTT-3.2.2-12
        }
        if (will != null && will.retain() && !settings.retainAvailable()) {
            refuse(ReasonCode.RETAIN_NOT_SUPPORTED, "retained messages are not available");
            return; // MQTT-3.2.2-13
        }
        if (will != null && v5 && settings.validatePayloadFormat() && Integer.valueOf(1).equals(
                will.properties().payloadFormatIndicator()) && !MqttMessages.isUtf8(will.payload())) {
            refuse(ReasonCode.PAYLOAD_FORMAT_INVALID, "the will payload is marked as UTF-8 but is not");
            return; // section 3.1.3.2.3
        }
        String overLimit = will == null ? null : broker.topicLimits().check(will.topic());
        if (overLimit != null) {
            broker.stats().closedForLimit();
            refuse(ReasonCode.TOPIC_NAME_INVALID, "the will " + overLimit);
            return;
        }
        String id = clientId;
        boolean idAssigned = assigned;
        c.onLoop(authenticate(p, id), (result, failure) -> {
            if (!c.isOpen()) {
                return;
            }
            if (failure != null || !result.isSuccess()) {
                ReasonCode code = failure != null ? ReasonCode.SERVER_UNAVAILABLE : reasonOf(result.outcome());
                refuse(code, failure != null ? "the authenticator failed" : result.reason());
                return;
            }
            c.authenticated(result.principal());
            if (will != null && !broker.authorization().isAllowed(result.principal(), Authorizer.Action.PUBLISH,
                    will.topic())) {
                refuse(ReasonCode.NOT_AUTHORIZED, "the will topic is not authorized");
                return;
            }
            c.onLoop(broker.loaded(), (v, e) -> claim(p, id, idAssigned));
        });
    }

    /**
     * Authenticates with what the client presented: username and password from CONNECT and, on TLS,
     * the subject of its verified certificate. With {@code tls.certificate.as.username} the
     * certificate's identity is the username, whatever CONNECT says; with no authenticator
     * registered such a client is let in on the strength of the TLS handshake alone.
     */
    private CompletionStage<AuthenticationResult> authenticate(ConnectPacket p, String clientId) {
        X500Principal subject = ClientCertificates.subject(c.channel(), c.info());
        String certificateUser = settings.certificateAsUsername() && subject != null
                ? ClientCertificates.username(subject, settings.certificateUsername()) : null;
        String username = certificateUser != null ? certificateUser : p.username();
        boolean anonymous = username == null && p.password() == null && subject == null;
        if (anonymous && settings.allowAnonymous()) {
            return CompletableFuture.completedFuture(AuthenticationResult.success(principal(null, clientId)));
        }
        Authenticator authenticator = broker.authenticator();
        if (authenticator == null) {
            if (certificateUser != null) {
                return CompletableFuture.completedFuture(AuthenticationResult.success(principal(certificateUser,
                        clientId)));
            }
            return CompletableFuture.completedFuture(settings.allowAnonymous()
                    ? AuthenticationResult.success(principal(username, clientId))
                    : AuthenticationResult.failure(anonymous ? AuthenticationResult.Outcome.NOT_AUTHORIZED
                            : AuthenticationResult.Outcome.BAD_CREDENTIALS, "anonymous access is off and no "
                            + "authenticator is registered"));
        }
        try {
            return authenticator.authenticate(new Credentials(MqttBroker.PROTOCOL, clientId, username, p.password(),
                    String.valueOf(c.info().remote()), subject == null ? null : subject.getName(X500Principal.RFC2253),
                    null));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ClientPrincipal principal(String username, String clientId) {
        return new ClientPrincipal(username, clientId, MqttBroker.PROTOCOL, Set.of());
    }

    private static ReasonCode reasonOf(AuthenticationResult.Outcome outcome) {
        return switch (outcome) {
            case BAD_CREDENTIALS -> ReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> ReasonCode.NOT_AUTHORIZED;
            case UNSUPPORTED_METHOD -> ReasonCode.BAD_AUTHENTICATION_METHOD;
            default -> ReasonCode.SERVER_UNAVAILABLE;
        };
    }

    private void claim(ConnectPacket p, String clientId, boolean assigned) {
        if (!c.isOpen()) {
            return;
        }
        Claim claim = broker.sessions().claim(clientId, c); // MQTT-3.1.4-3: takes it from another connection
        c.owns(claim.session(), clientId);
        c.onLoop(claim.previousOwnerGone(), (v, e) -> open(p, claim, assigned));
    }

    private void open(ConnectPacket p, Claim claim, boolean assigned) {
        if (!c.isOpen()) {
            return;
        }
        Session s = claim.session();
        boolean present = !p.cleanStart() && claim.existed() && s.isPersistent(); // MQTT-3.2.2-2, -3
        broker.wills().claimed(s, present);
        List<CompletionStage<?>> writes = new ArrayList<>();
        if (!present) {
            s.clear(); // MQTT-3.1.2-4
            writes.add(StoreFailures.logged(broker.store().deleteSession(s.clientId()), "delete the old session of "
                    + "client '" + s.clientId() + "'"));
        }
        long requested = requestedExpiry(p);
        long expiry = Math.min(requested, settings.maxSessionExpirySeconds());
        s.expirySeconds(expiry);
        s.protocolLevel(p.version().protocolLevel());
        // A resumed session whose new expiry is 0 is saved too: it now ends with this connection,
        // also if the broker stops first (the loader deletes sessions with expiry 0).
        if (s.isPersistent() || present) {
            writes.add(StoreFailures.logged(broker.store().saveSession(s.state(0)), "save the session of client '"
                    + s.clientId() + "'"));
        }
        writes.add(broker.wills().register(s, will(p, s.clientId())));
        long granted = p.version().isMqtt5() && expiry != requested ? expiry : -1;
        c.onLoop(StorageWrites.allOf(writes), (v, e) -> restore(p, s, present, assigned, granted));
    }

    /**
     * A resumed session's unfinished exchanges are loaded before CONNACK: a PUBLISH (DUP) or PUBREL
     * the client resends with or right after CONNECT must meet its session's QoS 2 state, not an
     * empty one (MQTT-4.3.3-10, MQTT-4.4.0-1), and new deliveries must not take the packet
     * identifiers of the exchanges to resend.
     */
    private void restore(ConnectPacket p, Session s, boolean present, boolean assigned, long grantedExpiry) {
        if (!present) {
            accept(p, s, false, assigned, grantedExpiry, List.of());
            return;
        }
        c.onLoop(broker.store().loadInflight(s.clientId()), (List<InflightMessage> inflight, Throwable e) -> {
            if (e != null) {
                StoreFailures.log("load the inflight messages of client '" + s.clientId() + "'", e);
            }
            accept(p, s, true, assigned, grantedExpiry, e == null ? inflight : List.of());
        });
    }

    private long requestedExpiry(ConnectPacket p) {
        if (p.version().isMqtt5()) {
            Long e = p.properties().sessionExpiryInterval();
            return e == null ? 0 : e;
        }
        return p.cleanStart() ? 0 : SessionState.NEVER_EXPIRES; // a 3.1.1 session lasts until cleaned
    }

    private static WillMessage will(ConnectPacket p, String clientId) {
        Will w = p.will();
        if (w == null) {
            return null;
        }
        Long delay = w.properties().willDelayInterval();
        return new WillMessage(clientId, MqttMessages.toMessage(w), delay == null ? 0 : delay);
    }

    private void accept(ConnectPacket p, Session s, boolean present, boolean assigned, long grantedExpiry,
            List<InflightMessage> inflight) {
        if (!c.isOpen()) {
            return;
        }
        boolean v5 = p.version().isMqtt5();
        int keepAlive = settings.keepAliveFor(p.keepAliveSeconds(), v5);
        MqttProperties props = MqttProperties.EMPTY;
        if (v5) {
            MqttProperties.Builder b = MqttProperties.builder()
                    .retainAvailable(settings.retainAvailable())
                    .maximumPacketSize((long) settings.maximumPacketSize())
                    .topicAliasMaximum(settings.topicAliasMaximum())
                    .wildcardSubscriptionAvailable(true)
                    .subscriptionIdentifierAvailable(true)
                    .sharedSubscriptionAvailable(true)
                    .receiveMaximum(settings.receiveMaximum());
            if (settings.maximumQos() != QoS.EXACTLY_ONCE) {
                b.maximumQos(settings.maximumQos());
            }
            if (settings.serverKeepAliveSeconds() > 0 || keepAlive != p.keepAliveSeconds()) {
                b.serverKeepAlive(keepAlive); // MQTT-3.1.2-21: the client uses this one
            }
            if (assigned) {
                b.assignedClientIdentifier(s.clientId()); // MQTT-3.2.2-16
            }
            if (grantedExpiry >= 0) {
                b.sessionExpiryInterval(grantedExpiry);
            }
            if (Boolean.TRUE.equals(p.properties().requestResponseInformation())) {
                b.responseInformation(responseInformation(s.clientId())); // none when 0 (MQTT-3.1.2-28)
            }
            props = b.build();
        }
        c.keepAlive(keepAlive);
        c.send(new ConnAckPacket(present, ReasonCode.SUCCESS, props));
        c.channel().config().setAutoRead(true);
        MqttConnection.LOG.debug("client '{}' connected from {} ({}, session present {})", s.clientId(),
                c.info().remote(), p.version(), present);
        c.connected(limits, inflight);
    }

    /**
     * Response Information (section 4.10): a topic prefix reserved for this client, the configured
     * prefix followed by its client identifier, e.g. {@code $response/sensor-7}. The '$' keeps it
     * out of '#' subscriptions (MQTT-4.7.2-1). None (null) when the feature is off or the client
     * identifier could not be part of a topic name of its own: with '/' one client could read
     * another's subtree ("a" and "a/b"), '+' and '#' are wildcards, and it must fit the topic limits.
     */
    private String responseInformation(String clientId) {
        String prefix = settings.responseInformationPrefix();
        if (prefix.isEmpty() || clientId.indexOf('/') >= 0 || clientId.indexOf('+') >= 0
                || clientId.indexOf('#') >= 0) {
            return null;
        }
        String topic = prefix + clientId;
        return broker.topicLimits().check(topic) == null ? topic : null;
    }

    /** Answers a refused CONNECT and closes (MQTT-3.2.2-7); MQTT 3.1.1 gets the nearest return code. */
    private void refuse(ReasonCode code, String reason) {
        MqttConnection.LOG.info("MQTT-1001 refused the connection of {} ({}): {} {}", c.info().remote(),
                c.version(), code, reason);
        MqttProperties props = c.isMqtt5() && reason != null ? MqttProperties.builder().reasonString(reason).build()
                : MqttProperties.EMPTY;
        c.limits(limits);
        c.sendAndClose(new ConnAckPacket(false, code, props));
    }
}
