package io.fluxmq.mqtt;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.RetainedMessages;
import io.fluxmq.api.event.BrokerEvents;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.broker.SettingDefaults;
import io.fluxmq.api.transport.ClientCertificates.UsernameSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The MQTT broker as a service: one {@link ProtocolHandler} with {@code fluxmq.protocol=mqtt}
 * that every MQTT listener hands its connections to. Immediate, because it holds the sessions.
 * A configuration change or another state store restarts it: connections close, clients reconnect
 * and resume their sessions from the store.
 */
@Component(name = "io.fluxmq.mqtt", service = ProtocolHandler.class, immediate = true,
        property = ProtocolHandler.PROTOCOL_PROPERTY + "=" + MqttBroker.PROTOCOL)
@Designate(ocd = MqttBrokerComponent.Config.class)
public final class MqttBrokerComponent implements ProtocolHandler {

    @ObjectClassDefinition(name = "FluxMQ MQTT broker",
            description = "MQTT 3.1.1 and 5.0 sessions, publish/subscribe and limits, shared by every MQTT listener.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum packet size", min = "" + SettingDefaults.MAX_PACKET_SIZE_MIN,
                max = "" + SettingDefaults.MAX_PACKET_SIZE_MAX,
                description = "Largest packet accepted from a client, in bytes including the fixed header; "
                        + "announced to MQTT 5 clients. Larger packets close the connection (0x95).")
        int max_packet_size() default SettingDefaults.MAX_PACKET_SIZE;

        @AttributeDefinition(name = "Receive maximum", min = "1", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "QoS 1 and 2 messages a client may have unacknowledged towards the broker; more "
                        + "closes the connection (0x93).")
        int receive_maximum() default SettingDefaults.RECEIVE_MAXIMUM;

        @AttributeDefinition(name = "Maximum QoS", options = {@Option(label = "0", value = "0"),
                @Option(label = "1", value = "1"), @Option(label = "2", value = "2")},
                description = "Highest QoS accepted and granted.")
        int max_qos() default SettingDefaults.MAX_QOS;

        @AttributeDefinition(name = "Retain available", description = "Whether retained messages are supported.")
        boolean retain_available() default SettingDefaults.RETAIN_AVAILABLE;

        @AttributeDefinition(name = "Topic alias maximum", min = "0", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "Topic aliases an MQTT 5 client may use towards the broker; 0 for none.")
        int topic_alias_maximum() default SettingDefaults.TOPIC_ALIAS_MAXIMUM;

        @AttributeDefinition(name = "Server keep alive", min = "0", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "Keep alive in seconds imposed on MQTT 5 clients; 0 accepts each client's value.")
        int server_keep_alive() default SettingDefaults.SERVER_KEEP_ALIVE;

        @AttributeDefinition(name = "Maximum keep alive", min = "0", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "Longest keep alive in seconds a client may use; a client asking for more, or for "
                        + "none (0), gets this value (MQTT 5: in CONNACK's Server Keep Alive; MQTT 3.1.1: enforced "
                        + "without being told). 0 for no limit.")
        int max_keepalive() default SettingDefaults.MAX_KEEPALIVE;

        @AttributeDefinition(name = "Maximum session expiry", min = "0", max = "" + SettingDefaults.MAX_SESSION_EXPIRY_MAX,
                description = "Longest time in seconds a disconnected session is kept; longer requests are cut "
                        + "down. 4294967295 means never expire. Also applies to MQTT 3.1.1 persistent sessions.")
        long max_session_expiry() default SettingDefaults.MAX_SESSION_EXPIRY;

        @AttributeDefinition(name = "Maximum offline messages", min = "1",
                description = "Messages queued for one persistent session while its client is away.")
        int max_offline_messages() default SettingDefaults.MAX_OFFLINE_MESSAGES;

        @AttributeDefinition(name = "Maximum offline bytes", min = "1",
                description = "Payload bytes queued for one persistent session while its client is away.")
        long max_offline_bytes() default SettingDefaults.MAX_OFFLINE_BYTES;

        @AttributeDefinition(name = "Offline overflow policy",
                description = "What a full offline queue does with a new message; drops are counted "
                        + "($SYS/broker/messages/dropped) and logged as MQTT-4001.")
        OverflowPolicy overflow_policy() default OverflowPolicy.DROP_OLDEST;

        @AttributeDefinition(name = "Allow anonymous",
                description = "Whether clients may connect without credentials when no authenticator is registered.")
        boolean allow_anonymous() default SettingDefaults.ALLOW_ANONYMOUS;

        @AttributeDefinition(name = "CONNECT timeout", min = "1",
                description = "Milliseconds a new connection may take to send CONNECT before it is closed.")
        long connect_timeout() default SettingDefaults.CONNECT_TIMEOUT_MILLIS;

        @AttributeDefinition(name = "Maximum topic length", min = "1", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "Longest topic name or filter accepted, in bytes of UTF-8. Longer: PUBLISH QoS 1/2 "
                        + "refused with 0x90 (MQTT 5), QoS 0 and MQTT 3.1.1 close the connection; a filter gets 0x8F.")
        int max_topic_length() default SettingDefaults.MAX_TOPIC_LENGTH;

        @AttributeDefinition(name = "Maximum topic levels", min = "1", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "Most levels ('/'-separated) a topic name or filter may have; treated like the length.")
        int max_topic_levels() default SettingDefaults.MAX_TOPIC_LEVELS;

        @AttributeDefinition(name = "Maximum subscriptions per client", min = "1",
                description = "Subscriptions one session may hold; further filters get SUBACK 0x97 Quota exceeded.")
        int max_subscriptions() default SettingDefaults.MAX_SUBSCRIPTIONS;

        @AttributeDefinition(name = "Maximum inflight messages", min = "1", max = "" + SettingDefaults.SIXTEEN_BIT_MAX,
                description = "QoS 1 and 2 messages sent to one client and not yet acknowledged; a smaller Receive "
                        + "Maximum of the client wins. Further messages wait in the session's queue.")
        int max_inflight() default SettingDefaults.MAX_INFLIGHT;

        @AttributeDefinition(name = "Write buffer high water mark", min = "" + SettingDefaults.WRITE_BUFFER_HIGH_WATER_MARK_MIN,
                description = "Bytes waiting to be written to one client above which it is a slow client: QoS 0 "
                        + "messages to it are dropped and counted, QoS 1/2 wait in its session's queue, reading from "
                        + "it pauses. All resumes once fewer than half of these bytes wait.")
        int write_buffer_high_water_mark() default SettingDefaults.WRITE_BUFFER_HIGH_WATER_MARK;

        @AttributeDefinition(name = "TLS certificate as username",
                description = "On TLS listeners that ask for client certificates: the identity in a client's verified "
                        + "certificate becomes its username for the authenticator and authorizers, replacing the "
                        + "username in CONNECT. Without an authenticator such clients are let in on the certificate.")
        boolean tls_certificate_as_username() default SettingDefaults.TLS_CERTIFICATE_AS_USERNAME;

        @AttributeDefinition(name = "TLS certificate username", options = {
                @Option(label = "Common Name (CN)", value = "CN"),
                @Option(label = "Subject DN (RFC 2253)", value = "DN")},
                description = "Which part of the certificate's subject is the username: the most specific CN (the "
                        + "DN when there is none) or the whole subject DN.")
        UsernameSource tls_certificate_username() default UsernameSource.CN;

        @AttributeDefinition(name = "Response information prefix",
                description = "MQTT 5 clients that ask for Response Information get this prefix followed by their "
                        + "client identifier, a topic reserved for their responses (e.g. $response/sensor-7). Empty: "
                        + "none is sent. No '+' or '#'.")
        String response_information_prefix() default SettingDefaults.RESPONSE_INFORMATION_PREFIX;

        @AttributeDefinition(name = "Validate payload format",
                description = "Check that MQTT 5 PUBLISH payloads and wills marked as UTF-8 (Payload Format "
                        + "Indicator 1) are valid UTF-8; if not: PUBACK/PUBREC 0x99, DISCONNECT 0x99 for QoS 0, "
                        + "CONNACK 0x99 for a will.")
        boolean validate_payload_format() default SettingDefaults.VALIDATE_PAYLOAD_FORMAT;

        @AttributeDefinition(name = "$SYS interval", min = "0",
                description = "Seconds between publications of the $SYS/broker statistics; 0 turns them off.")
        int sys_interval() default SettingDefaults.SYS_INTERVAL_SECONDS;

        @AttributeDefinition(name = "State store",
                description = "LDAP filter selecting the StateStore where sessions, subscriptions, inflight messages,"
                        + " offline queues and wills are kept. The default is the store of the backend chosen in"
                        + " io.fluxmq.storage, which migrates the data when the backend changes while the broker keeps"
                        + " running. A filter on the fluxmq.storage property, e.g. (fluxmq.storage=rocksdb), binds one"
                        + " backend directly; changing it restarts the broker on that store, moving nothing.")
        String storage_target() default StateStore.SELECTED_FILTER;
    }

    @Reference
    private MessageRouter router;

    @Reference
    private RetainedMessages retained;

    @Reference(name = "storage")
    private StateStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Authenticator authenticator;

    /** Replaced whole by SCR when authorizers come and go; all must allow a publish or subscribe. */
    @Reference(service = Authorizer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private volatile List<Authorizer> authorizers = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BrokerEvents events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile QueueManager queues;

    private MqttBroker broker;
    private BundleContext context;

    @Activate
    void activate(Config config, BundleContext context) {
        this.context = context;
        broker = new MqttBroker(settings(config), router, retained, store, () -> authenticator, () -> authorizers,
                () -> events).queues(() -> queues).start();
    }

    @Deactivate
    void deactivate() {
        broker.stop();
    }

    static BrokerSettings settings(Config c) {
        return BrokerSettings.builder().maximumPacketSize(c.max_packet_size()).receiveMaximum(c.receive_maximum())
                .maximumQos(QoS.of(c.max_qos())).retainAvailable(c.retain_available())
                .topicAliasMaximum(c.topic_alias_maximum()).serverKeepAliveSeconds(c.server_keep_alive())
                .maxKeepAliveSeconds(c.max_keepalive())
                .maxSessionExpirySeconds(c.max_session_expiry()).maxOfflineMessages(c.max_offline_messages())
                .maxOfflineBytes(c.max_offline_bytes()).overflowPolicy(c.overflow_policy())
                .allowAnonymous(c.allow_anonymous()).connectTimeoutMillis(c.connect_timeout())
                .sysIntervalSeconds(c.sys_interval()).maxTopicLength(c.max_topic_length())
                .maxTopicLevels(c.max_topic_levels()).maxSubscriptions(c.max_subscriptions())
                .maxInflight(c.max_inflight()).writeBufferHighWaterMark(c.write_buffer_high_water_mark())
                .certificateAsUsername(c.tls_certificate_as_username())
                .certificateUsername(c.tls_certificate_username())
                .responseInformationPrefix(c.response_information_prefix())
                .validatePayloadFormat(c.validate_payload_format()).build();
    }

    @Override
    public String protocol() {
        return MqttBroker.PROTOCOL;
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
    public void initialize(Channel channel, ConnectionInfo info) {
        broker.initialize(channel, info);
    }

    /**
     * SCR unregisters this service before it deactivates the component, and the listeners end
     * their MQTT connections then: this is where clients are told 0x8B and the broker learns that
     * it is stopping. A listener that stops while the framework shuts down counts as the broker
     * stopping too, whichever bundle stops first.
     */
    @Override
    public CompletionStage<Void> shutdown(Collection<Channel> channels, boolean handlerStopping) {
        return broker.shutdown(channels, handlerStopping || frameworkStopping());
    }

    private boolean frameworkStopping() {
        try {
            return context.getBundle(0).getState() == Bundle.STOPPING;
        } catch (IllegalStateException stale) {
            return true; // this bundle's context is no longer valid: it is stopping
        }
    }
}
