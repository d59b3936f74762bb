package io.fluxmq.mqtt.connection;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.mqtt.codec.MqttDecodeFailure;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs malformed input (MQTT-2001) at the 1st, 2nd, 4th... occurrence, and counts it. */
final class DecodeFailures {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeFailures.class);
    private static final AtomicLong COUNT = new AtomicLong();

    private DecodeFailures() {
    }

    static void log(MqttDecodeFailure f, ConnectionInfo info, String clientId) {
        long n = COUNT.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn("MQTT-2001 closing {} (client '{}', listener '{}'): {} broke {}: {} ({} malformed connection(s) "
                    + "so far)", info.remote(), clientId, info.listener(), f.packetType(), f.rule(), f.message(), n);
        } else {
            LOG.debug("MQTT-2001 closing {}: {}", info.remote(), f);
        }
    }

    static long count() {
        return COUNT.get();
    }
}
