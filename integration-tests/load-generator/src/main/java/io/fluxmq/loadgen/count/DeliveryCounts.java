package io.fluxmq.loadgen.count;

import io.fluxmq.loadgen.measure.JsonLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss, duplicate and order account of a run, per publisher: each publisher's count of sent
 * messages against every tracker that expects all of them (one per subscriber for topics, one
 * per consumer group for queues).
 */
public final class DeliveryCounts {
    private final List<PublisherAccount> publishers = new ArrayList<>();

    /** One publisher's account, added once it has stopped sending. */
    public void add(int publisher, long sent, List<SequenceTracker> expecting) {
        long lost = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long received = 0;
        for (SequenceTracker t : expecting) {
            lost += t.lost(sent);
            duplicates += t.duplicates();
            outOfOrder += t.outOfOrder();
            received += t.distinct() + t.duplicates();
        }
        publishers.add(new PublisherAccount(publisher, sent, received, lost, duplicates, outOfOrder));
    }

    public long sent() {
        return publishers.stream().mapToLong(PublisherAccount::sent).sum();
    }

    public long received() {
        return publishers.stream().mapToLong(PublisherAccount::received).sum();
    }

    public long lost() {
        return publishers.stream().mapToLong(PublisherAccount::lost).sum();
    }

    public long duplicates() {
        return publishers.stream().mapToLong(PublisherAccount::duplicates).sum();
    }

    public long outOfOrder() {
        return publishers.stream().mapToLong(PublisherAccount::outOfOrder).sum();
    }

    /** The totals as fields, and each publisher's account as the array {@code per_publisher}. */
    public void writeTo(JsonLine json) {
        json.put("sent", sent()).put("received", received()).put("lost", lost()).put("duplicated", duplicates())
                .put("out_of_order", outOfOrder());
        StringBuilder array = new StringBuilder("[");
        for (PublisherAccount p : publishers) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(new JsonLine().put("publisher", p.publisher()).put("sent", p.sent())
                    .put("received", p.received()).put("lost", p.lost()).put("duplicated", p.duplicates())
                    .put("out_of_order", p.outOfOrder()));
        }
        json.putRaw("per_publisher", array.append(']').toString());
    }

    private record PublisherAccount(int publisher, long sent, long received, long lost, long duplicates,
            long outOfOrder) {
    }
}
