package io.fluxmq.amqp091.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.fluxmq.amqp091.server.TestServer;
import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.security.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection handshake, authentication and the server's close, with the RabbitMQ Java client. */
class ConnectionTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theServerOffersWhatItImplementsAndTheClientTunesDown() throws Exception {
        ConnectionFactory f = server.factory();
        f.setRequestedChannelMax(10);
        f.setRequestedHeartbeat(5);
        f.setRequestedFrameMax(8192);
        try (Connection c = f.newConnection("tuned")) {
            Map<String, Object> props = c.getServerProperties();
            @SuppressWarnings("unchecked")
            Map<String, Object> capabilities = (Map<String, Object>) props.get("capabilities");
            assertThat(capabilities).containsEntry("publisher_confirms", true).containsEntry("basic.nack", true)
                    .containsEntry("consumer_cancel_notify", true).containsEntry("exchange_exchange_bindings", true)
                    .containsEntry("authentication_failure_close", true).containsEntry("per_consumer_qos", true)
                    .containsEntry("connection.blocked", true);
            assertThat(c.getChannelMax()).isEqualTo(10);
            assertThat(c.getHeartbeat()).isEqualTo(5);
            assertThat(c.getFrameMax()).isEqualTo(8192);
            byte[] big = new byte[50_000];
            java.util.Arrays.fill(big, (byte) 'x');
            com.rabbitmq.client.Channel ch = c.createChannel();
            ch.queueDeclare("big", false, false, false, null);
            ch.basicPublish("", "big", null, big);
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.messageCount("big") == 1);
            com.rabbitmq.client.GetResponse r = ch.basicGet("big", true);
            assertThat(r.getBody()).as("split into frames of frame-max and joined again").isEqualTo(big);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAccessRefused() {
        ConnectionFactory f = server.factory();
        f.setPassword("wrong");
        assertThatThrownBy(f::newConnection).isInstanceOf(AuthenticationFailureException.class)
                .hasMessageContaining("ACCESS_REFUSED");
    }

    @Test
    void anUnknownVirtualHostIsRefused() {
        ConnectionFactory f = server.factory();
        f.setVirtualHost("elsewhere");
        assertThatThrownBy(f::newConnection).hasStackTraceContaining("530")
                .hasStackTraceContaining("vhost 'elsewhere' not found");
    }

    @Test
    void aRegisteredAuthenticatorDecidesWithItsCredentials() throws Exception {
        List<Credentials> asked = new CopyOnWriteArrayList<>();
        server.authenticator.set(c -> {
            asked.add(c);
            boolean ok = "alice".equals(c.username()) && "s3cret".equals(new String(c.password(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(ok
                    ? AuthenticationResult.success(new ClientPrincipal("alice", c.clientId(), c.protocol(), Set.of()))
                    : AuthenticationResult.failure(AuthenticationResult.Outcome.BAD_CREDENTIALS, "no"));
        });
        ConnectionFactory f = server.factory();
        f.setUsername("alice");
        f.setPassword("s3cret");
        try (Connection c = f.newConnection("alice-app")) {
            assertThat(c.isOpen()).isTrue();
        }
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).protocol()).isEqualTo("amqp091");
        assertThat(asked.get(0).clientId()).isEqualTo("alice-app");
        assertThat(asked.get(0).authenticationMethod()).isEqualTo("PLAIN");
        assertThatThrownBy(server.factory()::newConnection).as("guest is the default user only without authenticator")
                .isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void authorizersDecidePublishesAndConsumes() throws Exception {
        server.authorizers.add((who, action, resource) -> !resource.contains("secret"));
        try (Connection c = server.factory().newConnection()) {
            com.rabbitmq.client.Channel ch = c.createChannel();
            ch.queueDeclare("open", false, false, false, null);
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclare("secret-q", false, false, false, null)))
                    .isEqualTo(403);
            com.rabbitmq.client.Channel pub = c.createChannel();
            pub.basicPublish("amq.topic", "secret.plans", null, new byte[] {1});
            await().atMost(Duration.ofSeconds(10)).until(() -> !pub.isOpen());
            assertThat(((AMQP.Channel.Close) pub.getCloseReason().getReason()).getReplyCode()).isEqualTo(403);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aServerShutdownClosesConnectionsWithConnectionForced() throws Exception {
        Connection c = server.factory().newConnection();
        AtomicReference<ShutdownSignalException> why = new AtomicReference<>();
        c.addShutdownListener(why::set);
        server.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> why.get() != null);
        assertThat(why.get().isInitiatedByApplication()).isFalse();
        assertThat(((AMQP.Connection.Close) why.get().getReason()).getReplyCode()).isEqualTo(320);
    }

    @Test
    void theMemoryAlarmBlocksPublishingConnectionsAndTellsTheirClients() throws Exception {
        try (Connection publisher = server.factory().newConnection(); Connection consumer = server.factory().newConnection()) {
            java.util.concurrent.BlockingQueue<String> blocked = new java.util.concurrent.LinkedBlockingQueue<>();
            publisher.addBlockedListener(reason -> blocked.add("blocked: " + reason), () -> blocked.add("unblocked"));
            com.rabbitmq.client.Channel p = publisher.createChannel();
            p.queueDeclare("alarmed", true, false, false, null);
            p.basicPublish("", "alarmed", null, new byte[] {1});
            com.rabbitmq.client.Channel c = consumer.createChannel();
            java.util.concurrent.BlockingQueue<byte[]> got = new java.util.concurrent.LinkedBlockingQueue<>();
            c.basicConsume("alarmed", false, (t, d) -> {
                got.add(d.getBody());
                c.basicAck(d.getEnvelope().getDeliveryTag(), false);
            }, t -> { });
            assertThat(got.poll(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(1);

            server.broker.memoryAlarm().set(true);
            assertThat(blocked.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("blocked: low on memory");
            p.basicPublish("", "alarmed", null, new byte[] {2});
            assertThat(got.poll(1, java.util.concurrent.TimeUnit.SECONDS)).as("held back while blocked").isNull();
            assertThat(c.queueDeclarePassive("alarmed").getQueue()).as("a consumer is still served")
                    .isEqualTo("alarmed");

            server.broker.memoryAlarm().set(false);
            assertThat(blocked.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("unblocked");
            assertThat(got.poll(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(2);
        }
    }
}
