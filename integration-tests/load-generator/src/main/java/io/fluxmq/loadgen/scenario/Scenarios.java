package io.fluxmq.loadgen.scenario;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** The scenarios by name. Pub/sub topics carry the run tag, so that runs never see each other. */
public final class Scenarios {
    private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        ALL.put("fan-in", new ThroughputScenario(o -> {
            int publishers = o.integer("publishers", 4);
            QoS qos = ThroughputScenario.qos(o, 0);
            return ctx -> {
                String topic = "bench/" + ctx.run + "/fan-in";
                return new Topology("fan-in", publishers, 1, qos, qos, p -> topic, topic, MqttProperties.EMPTY,
                        false, null);
            };
        }));
        ALL.put("one-to-one", new ThroughputScenario(o -> {
            QoS qos = ThroughputScenario.qos(o, 1);
            return ctx -> {
                String topic = "bench/" + ctx.run + "/one-to-one";
                return new Topology("one-to-one", 1, 1, qos, qos, p -> topic, topic, MqttProperties.EMPTY, false,
                        null);
            };
        }));
        ALL.put("one-to-one-qos2", new ThroughputScenario(o -> {
            QoS qos = ThroughputScenario.qos(o, 2);
            return ctx -> {
                String topic = "bench/" + ctx.run + "/one-to-one-qos2";
                return new Topology("one-to-one-qos2", 1, 1, qos, qos, p -> topic, topic, MqttProperties.EMPTY,
                        false, null);
            };
        }));
        ALL.put("fan-out", new ThroughputScenario(o -> {
            int subscribers = o.integer("subscribers", 100);
            QoS qos = ThroughputScenario.qos(o, 0);
            return ctx -> {
                String topic = "bench/" + ctx.run + "/fan-out";
                return new Topology("fan-out", 1, subscribers, qos, qos, p -> topic, topic, MqttProperties.EMPTY,
                        false, null);
            };
        }));
        ALL.put("durable-queue", new ThroughputScenario(o -> {
            int publishers = o.integer("publishers", 4);
            int consumers = o.integer("consumers", 4);
            String queue = o.string("queue", "bench");
            String group = o.string("group", "bench");
            return ctx -> new Topology("durable-queue", publishers, consumers, QoS.AT_LEAST_ONCE, QoS.AT_LEAST_ONCE,
                    p -> "$queue/" + queue + "/p" + p, "$queue/" + queue + "/#",
                    MqttProperties.builder().addUserProperty("consumer-group", group).build(), true,
                    MqttVersion.MQTT_5);
        }));
        ALL.put("latency", new LatencyScenario());
        ALL.put("idle-connections", new IdleConnectionsScenario());
        ALL.put("stream-read-back", new StreamReadBackScenario());
        ALL.put("cold-start", new ColdStartScenario());
    }

    private Scenarios() {
    }

    /** The scenario of that name, or null. */
    public static Scenario named(String name) {
        return ALL.get(name);
    }

    public static Iterable<String> names() {
        return ALL.keySet();
    }
}
