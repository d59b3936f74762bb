package io.fluxmq.amqp091;

import io.fluxmq.amqp091.broker.AmqpBroker;
import io.fluxmq.amqp091.broker.AmqpSettings;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The AMQP 0.9.1 server as a service: the {@link ProtocolHandler} with
 * {@code fluxmq.protocol=amqp091} that listeners hand connections starting with
 * {@code AMQP 0 0 9 1} to. A configuration change restarts it: its connections close and clients
 * reconnect.
 */
@Component(name = "io.fluxmq.amqp091", service = ProtocolHandler.class, immediate = true,
        property = ProtocolHandler.PROTOCOL_PROPERTY + "=" + AmqpBroker.PROTOCOL)
@Designate(ocd = AmqpBrokerComponent.Config.class)
public final class AmqpBrokerComponent implements ProtocolHandler {

    @ObjectClassDefinition(name = "FluxMQ AMQP 0.9.1 server",
            description = "Connections, channels, exchanges and bindings for RabbitMQ clients, on the shared router "
                    + "and queue manager.")
    public @interface Config {
        @AttributeDefinition(name = "Frame max", min = "4096", max = "134217728",
                description = "Largest frame in bytes, offered in connection.tune; a larger frame closes the "
                        + "connection (501).")
        int frame_max() default 131_072;

        @AttributeDefinition(name = "Channel max", min = "1", max = "65535",
                description = "Most channels a connection may open.")
        int channel_max() default 2047;

        @AttributeDefinition(name = "Heartbeat", min = "0", max = "65535",
                description = "Heartbeat interval in seconds offered to clients; 0 offers none. A client silent for "
                        + "two intervals is disconnected.")
        int heartbeat() default 60;

        @AttributeDefinition(name = "Handshake timeout", min = "100",
                description = "Milliseconds from the protocol header to connection.open-ok before the connection is "
                        + "closed.")
        long handshake_timeout() default 10_000;

        @AttributeDefinition(name = "Maximum message size", min = "0",
                description = "Largest message body in bytes; a larger publish closes its channel (406).")
        int max_message_size() default 16 * 1024 * 1024;

        @AttributeDefinition(name = "Virtual hosts", description = "The virtual hosts clients may open; each has "
                + "its own exchanges and queues.")
        String[] virtual_hosts() default {"/"};

        @AttributeDefinition(name = "Default user", description = "User accepted when no authenticator is "
                + "registered (as RabbitMQ's guest).")
        String default_user() default "guest";

        @AttributeDefinition(name = "Default password", type = AttributeType.PASSWORD,
                description = "Password of the default user.")
        String default_password() default "guest";

        @AttributeDefinition(name = "Default user from loopback only", description = "Whether the default user may "
                + "connect only from this machine.")
        boolean default_user_loopback_only() default true;

        @AttributeDefinition(name = "Credit window", min = "1", max = "100000",
                description = "Deliveries in flight to a consumer without prefetch limit or with no-ack, while the "
                        + "client reads them.")
        int credit_window() default 500;

        @AttributeDefinition(name = "Maximum unconfirmed publishes", min = "2",
                description = "Publishes of one connection waiting for their queues before the server stops reading "
                        + "from it (TCP back-pressure).")
        int max_unconfirmed_publishes() default 4096;

        @AttributeDefinition(name = "Write buffer high water mark", min = "32768",
                description = "Bytes waiting to be written to a connection above which deliveries to it pause.")
        int write_buffer_high_water_mark() default 1024 * 1024;

        @AttributeDefinition(name = "In-memory queue flow depth", min = "0",
                description = "Messages an in-memory (ephemeral: non-durable, exclusive or server-named) queue holds "
                        + "above which the connections publishing to it are read no more, until it holds half as "
                        + "many. Keep it below the ephemeral queue type's maximum messages; 0 turns it off.")
        long queue_flow_depth() default 5_000;

        @AttributeDefinition(name = "Memory high watermark", min = "0", max = "1",
                description = "Fraction of the heap's old generation that, still in use after a garbage collection, "
                        + "raises the memory alarm: publishing connections are read no more and told with "
                        + "connection.blocked until it falls below 90 % of it. 0 turns the alarm off.")
        double memory_high_watermark() default 0.8;
    }

    private final AmqpBroker broker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Authenticator authenticator;

    @Reference(service = Authorizer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private volatile List<Authorizer> authorizers = List.of();

    /**
     * @param queues AMQP queues are the queue manager's: the server starts with it
     * @param store the selected state store, which keeps durable exchanges, queues and bindings
     */
    @Activate
    public AmqpBrokerComponent(@Reference MessageRouter router, @Reference QueueManager queues,
            @Reference(target = StateStore.SELECTED_FILTER) StateStore store, Config config) {
        this.broker = new AmqpBroker(settings(config), router, () -> queues, () -> authenticator, () -> authorizers,
                store);
        // the service is registered once the durable queues are open again: a client that connects
        // right after a restart finds them (off any event loop: this is SCR's activation thread)
        broker.start().toCompletableFuture().join();
    }

    @Deactivate
    void deactivate() {
        broker.stop();
    }

    static AmqpSettings settings(Config c) {
        return new AmqpSettings(c.frame_max(), c.channel_max(), c.heartbeat(), c.handshake_timeout(),
                c.max_message_size(), List.of(c.virtual_hosts()), c.default_user(), c.default_password(),
                c.default_user_loopback_only(), c.credit_window(), c.max_unconfirmed_publishes(),
                c.write_buffer_high_water_mark(), c.queue_flow_depth(), c.memory_high_watermark());
    }

    @Override
    public String protocol() {
        return AmqpBroker.PROTOCOL;
    }

    @Override
    public int detectionLength() {
        return broker.detectionLength();
    }

    @Override
    public boolean detect(ByteBuf head) {
        return broker.detect(head);
    }

    @Override
    public byte[] headerReply(ByteBuf head) {
        return broker.headerReply(head);
    }

    @Override
    public void initialize(Channel channel, ConnectionInfo info) {
        broker.initialize(channel, info);
    }

    @Override
    public CompletionStage<Void> shutdown(Collection<Channel> channels, boolean handlerStopping) {
        return broker.shutdown(channels, handlerStopping);
    }
}
