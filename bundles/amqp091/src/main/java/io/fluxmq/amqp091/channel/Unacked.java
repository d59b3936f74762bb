package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.api.queue.Delivery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel's deliveries awaiting basic.ack, nack or reject, by delivery tag. Tags grow, so the
 * map's order is the tags' order and "multiple" takes a prefix of it.
 */
final class Unacked {
    /** One delivery: whose, and which message of its queue. */
    record Entry(long tag, ChannelConsumer consumer, Delivery delivery) {
        long offset() {
            return delivery.offset();
        }
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private long lastTag;

    /** The next delivery tag of the channel. */
    long nextTag() {
        return ++lastTag;
    }

    void add(Entry e) {
        entries.put(e.tag(), e);
    }

    int size() {
        return entries.size();
    }

    /**
     * Takes the deliveries a settlement names: the one tag, or with {@code multiple} every tag up to
     * it (all of them for tag 0).
     *
     * @throws AmqpException PRECONDITION_FAILED for a tag that is not awaiting settlement
     */
    List<Entry> take(long tag, boolean multiple, int classId, int methodId) {
        List<Entry> taken = new ArrayList<>();
        if (multiple) {
            if (tag > lastTag) {
                throw unknown(tag, classId, methodId);
            }
            Iterator<Entry> it = entries.values().iterator();
            while (it.hasNext()) {
                Entry e = it.next();
                if (tag != 0 && e.tag() > tag) {
                    break;
                }
                taken.add(e);
                it.remove();
            }
            return taken;
        }
        Entry e = entries.remove(tag);
        if (e == null) {
            throw unknown(tag, classId, methodId);
        }
        taken.add(e);
        return taken;
    }

    /** Takes every delivery (basic.recover). */
    List<Entry> takeAll() {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        return all;
    }

    private static AmqpException unknown(long tag, int classId, int methodId) {
        return new AmqpException(ReplyCode.PRECONDITION_FAILED, "unknown delivery tag " + tag, classId, methodId);
    }
}
