package io.fluxmq.loadgen.scenario;

import io.fluxmq.loadgen.Options;
import io.fluxmq.loadgen.client.BenchClient;
import io.fluxmq.loadgen.client.ClientLoops;
import io.fluxmq.loadgen.measure.JsonLine;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: runs {@code --command} (e.g. {@code /tmp/x/fluxmq/bin/fluxmq start}; split on spaces)
 * and measures the time until the broker answers an MQTT CONNECT with a successful CONNACK,
 * trying every 10 ms. The generator is up before the command starts, so its own start is not
 * counted. The broker is left running.
 *
 * <p>Options: {@code --command} (required), {@code --host}, {@code --port}, {@code --label},
 * {@code --timeout} (s, 30).
 */
final class ColdStartScenario implements Scenario {

    @Override
    public JsonLine run(Options o) {
        String command = o.string("command", null);
        InetSocketAddress broker = new InetSocketAddress(o.string("host", "127.0.0.1"), o.integer("port", 1883));
        String label = o.string("label", "broker");
        double timeout = o.decimal("timeout", 30);
        o.checkAllRead();
        if (command == null) {
            throw new IllegalArgumentException("cold-start needs --command");
        }
        JsonLine json = new JsonLine().put("scenario", "cold-start").put("broker", label).put("command", command);
        try (ClientLoops loops = new ClientLoops(1)) {
            ConnectPacket connect = new ConnectPacket(MqttVersion.MQTT_3_1_1, "lg-cold-start", true, 0, null, null,
                    null, MqttProperties.EMPTY);
            long start = System.nanoTime();
            new ProcessBuilder(List.of(command.split(" "))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = start + Math.round(timeout * 1e9);
            int attempts = 0;
            while (System.nanoTime() < deadline) {
                attempts++;
                try {
                    BenchClient c = BenchClient.connect(loops, broker, connect, ignored -> { }).get(1, TimeUnit.SECONDS);
                    double ms = (System.nanoTime() - start) / 1e6;
                    c.disconnect().get(5, TimeUnit.SECONDS);
                    return json.put("cold_start_ms", ms).put("attempts", attempts).put("ok", true);
                } catch (Exception notYet) {
                    RunContext.sleepSeconds(0.01);
                }
            }
            return json.put("attempts", attempts).put("ok", false)
                    .put("failure", "no CONNACK within " + timeout + " s");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
    }
}
