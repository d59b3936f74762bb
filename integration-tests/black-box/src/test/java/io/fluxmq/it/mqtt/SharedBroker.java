package io.fluxmq.it.mqtt;

import io.fluxmq.it.MqttDistribution;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link MqttDistribution} parameter with a broker that every test class using the
 * same extension shares: it starts at the first class that asks and stops when the test run ends
 * (it lives in the root context's store). Classes that share a broker use their own client ids
 * and topics.
 */
abstract class SharedBroker implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);

    /** Key of the broker in the root store; one broker per key. */
    abstract String name();

    abstract MqttDistribution start();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MqttDistribution.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(name(), k -> new Running(start()), Running.class).broker;
    }

    private record Running(MqttDistribution broker) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            broker.close();
        }
    }

    /** The distribution as shipped (TCP and WebSocket listeners, default MQTT settings): conformance tests. */
    static final class Conformance extends SharedBroker {
        @Override
        String name() {
            return "mqtt-conformance";
        }

        @Override
        MqttDistribution start() {
            return MqttDistribution.named(name()).start();
        }
    }

    /** The distribution with TLS listeners added (TCP, TLS, WebSocket, secure WebSocket): real clients. */
    static final class Clients extends SharedBroker {
        @Override
        String name() {
            return "mqtt-clients";
        }

        @Override
        MqttDistribution start() {
            return MqttDistribution.named(name()).withTls().start();
        }
    }
}
