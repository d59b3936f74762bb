package io.fluxmq.amqp091.connection;

import io.fluxmq.amqp091.broker.AmqpBroker;
import io.fluxmq.amqp091.broker.AmqpSettings;
import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.amqp091.codec.Frames;
import io.fluxmq.amqp091.codec.Method;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.security.Credentials;
import io.fluxmq.api.transport.ClientCertificates;
import io.fluxmq.api.transport.ConnectionInfo;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opening of a connection on channel 0 (AMQP 0.9.1 section 4.2.3): start / start-ok with the
 * client's credentials, tune / tune-ok, open / open-ok. A failed login closes with 403
 * ACCESS_REFUSED (the client's authentication_failure_close capability).
 */
final class Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    private enum Step { START_OK, AUTHENTICATING, TUNE_OK, OPEN }

    private final AmqpConnection connection;
    private final AmqpBroker broker;
    private final ConnectionInfo info;
    private Step step = Step.START_OK;
    private ClientPrincipal principal;
    private boolean clientSupportsBlocked;
    /** The subject of the client's verified TLS certificate, or null. */
    private X500Principal certificate;

    Handshake(AmqpConnection connection, AmqpBroker broker, ConnectionInfo info) {
        this.connection = connection;
        this.broker = broker;
        this.info = info;
    }

    /** Offers EXTERNAL besides PLAIN and AMQPLAIN when the TLS handshake verified a client certificate. */
    Connection.Start start(Channel channel) {
        certificate = ClientCertificates.subject(channel, info);
        return start(certificate != null ? Login.MECHANISMS + " " + Login.EXTERNAL : Login.MECHANISMS);
    }

    private Connection.Start start(String mechanisms) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("basic.nack", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("authentication_failure_close", true);
        capabilities.put("per_consumer_qos", true);
        capabilities.put("connection.blocked", true);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("product", "FluxMQ");
        String version = Handshake.class.getPackage().getImplementationVersion();
        server.put("version", version != null ? version : "0.1.0");
        server.put("platform", "Java " + Runtime.version().feature());
        server.put("capabilities", capabilities);
        return new Connection.Start(0, 9, server, mechanisms, "en_US");
    }

    void handle(Method method) {
        if (method instanceof Connection.Close) {
            connection.closedByClient();
            return;
        }
        switch (step) {
            case START_OK -> {
                Connection.StartOk ok = expect(method, Connection.StartOk.class);
                step = Step.AUTHENTICATING;
                login(ok);
            }
            case TUNE_OK -> tuned(expect(method, Connection.TuneOk.class));
            case OPEN -> open(expect(method, Connection.Open.class));
            default -> throw new AmqpException(ReplyCode.COMMAND_INVALID, "'" + method.name()
                    + "' while the login is checked", method.classId(), method.methodId());
        }
    }

    private static <T extends Method> T expect(Method method, Class<T> type) {
        if (!type.isInstance(method)) {
            throw new AmqpException(ReplyCode.COMMAND_INVALID, "unexpected '" + method.name()
                    + "' during the connection handshake", method.classId(), method.methodId());
        }
        return type.cast(method);
    }

    private void login(Connection.StartOk ok) {
        Object capabilities = ok.clientProperties().get("capabilities");
        clientSupportsBlocked = capabilities instanceof Map<?, ?> c && Boolean.TRUE.equals(c.get("connection.blocked"));
        Login login = Login.parse(ok.mechanism(), ok.response(), certificate == null ? null
                : ClientCertificates.username(certificate, ClientCertificates.UsernameSource.CN));
        String subject = certificate == null ? null : certificate.getName(X500Principal.RFC2253);
        String name = FieldTables.string(ok.clientProperties(), "connection_name");
        String clientId = name != null ? name : "amqp-" + connection.id();
        Authenticator authenticator = broker.authenticator();
        CompletionStage<AuthenticationResult> result;
        if (authenticator != null) {
            result = authenticator.authenticate(new Credentials(AmqpBroker.PROTOCOL, clientId, login.username(),
                    login.password(), String.valueOf(info.remote()), subject, login.mechanism()));
        } else if (login.mechanism().equals(Login.EXTERNAL)) {
            // without an authenticator a verified certificate is the identity, as for MQTT
            result = CompletableFuture.completedFuture(AuthenticationResult.success(new ClientPrincipal(
                    login.username(), clientId, AmqpBroker.PROTOCOL, Set.of())));
        } else {
            result = CompletableFuture.completedFuture(defaultUser(login, clientId));
        }
        result.whenComplete((r, failure) -> connection.eventLoop().execute(() -> loggedIn(login, r, failure)));
    }

    private AuthenticationResult defaultUser(Login login, String clientId) {
        AmqpSettings s = broker.settings();
        boolean matches = login.username().equals(s.defaultUser()) && MessageDigest.isEqual(login.password(),
                s.defaultPassword().getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            return AuthenticationResult.failure(AuthenticationResult.Outcome.BAD_CREDENTIALS, "invalid credentials");
        }
        if (s.defaultUserLoopbackOnly() && (info.remote() == null || !info.remote().getAddress().isLoopbackAddress())) {
            return AuthenticationResult.failure(AuthenticationResult.Outcome.NOT_AUTHORIZED,
                    "user '" + login.username() + "' can only connect via localhost");
        }
        return AuthenticationResult.success(new ClientPrincipal(login.username(), clientId, AmqpBroker.PROTOCOL,
                Set.of()));
    }

    private void loggedIn(Login login, AuthenticationResult r, Throwable failure) {
        if (failure != null || r == null || !r.isSuccess()) {
            String reason = failure != null ? "the authentication service failed" : r == null ? "no answer"
                    : r.reason() != null ? r.reason() : r.outcome().name();
            LOG.info("AMQP-1003 AMQP login of '{}' from {} refused: {}", login.username(), info.remote(), reason);
            connection.close(ReplyCode.ACCESS_REFUSED, "ACCESS_REFUSED - Login was refused using authentication "
                    + "mechanism " + login.mechanism() + ": " + reason, 0, 0);
            return;
        }
        principal = r.principal();
        step = Step.TUNE_OK;
        AmqpSettings s = broker.settings();
        connection.writeMethod(0, new Connection.Tune(s.channelMax(), s.frameMax(), s.heartbeatSeconds()));
    }

    private void tuned(Connection.TuneOk ok) {
        AmqpSettings s = broker.settings();
        int channelMax = ok.channelMax() == 0 ? s.channelMax() : ok.channelMax();
        long frameMax = ok.frameMax() == 0 ? s.frameMax() : ok.frameMax();
        if (channelMax > s.channelMax()) {
            throw new AmqpException(ReplyCode.NOT_ALLOWED, "negotiated channel_max = " + channelMax
                    + " is higher than the maximum allowed value (" + s.channelMax() + ")");
        }
        if (frameMax > s.frameMax() || frameMax < Frames.MIN_FRAME_MAX) {
            throw new AmqpException(ReplyCode.NOT_ALLOWED, "frame_max = " + frameMax + " is outside "
                    + Frames.MIN_FRAME_MAX + ".." + s.frameMax());
        }
        connection.tuned(channelMax, frameMax, ok.heartbeat());
        step = Step.OPEN;
    }

    private void open(Connection.Open open) {
        VirtualHost host = broker.virtualHost(open.virtualHost());
        if (host == null) {
            throw new AmqpException(ReplyCode.NOT_ALLOWED, "vhost '" + open.virtualHost() + "' not found",
                    open.classId(), open.methodId());
        }
        connection.opened(host, principal, clientSupportsBlocked);
        connection.writeMethod(0, new Connection.OpenOk());
    }
}
