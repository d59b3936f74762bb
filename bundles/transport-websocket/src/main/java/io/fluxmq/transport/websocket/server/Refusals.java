package io.fluxmq.transport.websocket.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a listener's refused handshakes and closed connections by reason, and logs each reason
 * at its 1st, 2nd, 4th, 8th... occurrence: an operator sees a misconfigured client or origin at
 * once, and a flood of them does not flood the log. <b>Thread:</b> any.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    /** Why a handshake was refused or a connection closed; the codes are documented in the README. */
    enum Reason {
        ORIGIN("WS-2001"),
        SUBPROTOCOL("WS-2002"),
        PATH("WS-2003"),
        FRAME_TOO_BIG("WS-2004"),
        TEXT_FRAME("WS-2005");

        final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final String listener;
    private final Map<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);

    Refusals(String listener) {
        this.listener = listener;
        for (Reason r : Reason.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    void report(Reason reason, Object remote, String detail) {
        long n = counts.get(reason).incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn("{} listener '{}': {} (client {}); {} time(s) so far", reason.code, listener, detail, remote, n);
        } else {
            LOG.debug("{} listener '{}': {} (client {})", reason.code, listener, detail, remote);
        }
    }

    long count(Reason reason) {
        return counts.get(reason).get();
    }
}
