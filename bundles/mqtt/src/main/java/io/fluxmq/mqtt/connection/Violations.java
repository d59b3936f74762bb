package io.fluxmq.mqtt.connection;

import io.fluxmq.api.transport.ConnectionInfo;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what clients did wrong that the broker itself found (the codec's findings are
 * {@link DecodeFailures}): protocol errors (MQTT-2002) and limits exceeded (MQTT-2003). Each code
 * is logged at WARN at its 1st, 2nd, 4th, 8th... occurrence and at DEBUG otherwise, so that a
 * misbehaving fleet cannot flood the log; the counters in {@code BrokerStats} count every one.
 */
final class Violations {
    private static final Logger LOG = LoggerFactory.getLogger(Violations.class);
    private static final AtomicLong PROTOCOL_ERRORS = new AtomicLong();
    private static final AtomicLong LIMITS = new AtomicLong();

    private Violations() {
    }

    static void protocolError(ConnectionInfo info, String clientId, String rule, String why) {
        long n = PROTOCOL_ERRORS.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn("MQTT-2002 closing {} (client '{}', listener '{}'): {} ({}); {} protocol error(s) so far",
                    info.remote(), clientId, info.listener(), why, rule, n);
        } else {
            LOG.debug("MQTT-2002 closing {} (client '{}'): {} ({})", info.remote(), clientId, why, rule);
        }
    }

    /**
     * @param why what was over which limit, naming the configuration property
     * @param outcome what the broker did, e.g. "closing the connection"
     */
    static void limitExceeded(ConnectionInfo info, String clientId, String why, String outcome) {
        long n = LIMITS.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn("MQTT-2003 client '{}' at {} (listener '{}') went over a limit: {}; {}. {} limit violation(s) "
                    + "so far", clientId, info.remote(), info.listener(), why, outcome, n);
        } else {
            LOG.debug("MQTT-2003 client '{}' at {}: {}; {}", clientId, info.remote(), why, outcome);
        }
    }
}
