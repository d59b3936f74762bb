package io.fluxmq.loadgen.scenario;

import io.fluxmq.loadgen.count.DeliveryCounts;
import io.fluxmq.loadgen.measure.JsonLine;

/**
 * Whether a run counts: a run that lost, duplicated or (where order is promised) reordered a
 * message, had a publish refused or a connection dropped is a failed run, however fast it was.
 */
final class Verdict {
    private Verdict() {
    }

    /** Adds {@code ok} and, when not ok, {@code failure}. */
    static JsonLine of(JsonLine json, DeliveryCounts counts, long refused, String lostConnection,
            boolean orderPromised) {
        String failure = null;
        if (lostConnection != null) {
            failure = "connection lost: " + lostConnection;
        } else if (counts.lost() > 0) {
            failure = counts.lost() + " message(s) lost";
        } else if (counts.duplicates() > 0) {
            failure = counts.duplicates() + " message(s) duplicated";
        } else if (orderPromised && counts.outOfOrder() > 0) {
            failure = counts.outOfOrder() + " message(s) out of order";
        } else if (refused > 0) {
            failure = refused + " publish(es) refused by the broker";
        } else if (counts.received() == 0) {
            failure = "nothing delivered";
        }
        json.put("ok", failure == null);
        return failure == null ? json : json.put("failure", failure);
    }
}
