package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.queue.OverflowPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator once when an ephemeral queue fills up, not once per message: the warning is
 * given again only after the queue has drained below half of its bounds.
 *
 * <p><b>Thread:</b> the queue's serial executor.
 */
final class OverflowLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.queue.ephemeral");

    private final String queue;
    private final OverflowPolicy policy;
    private final long maxMessages;
    private final long maxBytes;
    private boolean full;
    private boolean tooLargeReported;

    OverflowLog(String queue, OverflowPolicy policy, long maxMessages, long maxBytes) {
        this.queue = queue;
        this.policy = policy;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** The queue is at a bound and applies its overflow policy. */
    void full(long messages, long bytes) {
        if (!full) {
            full = true;
            LOG.warn("QUEUE-4002 ephemeral queue '{}' is full ({} messages, {} bytes; bounds {} messages, {} bytes): {}",
                    queue, messages, bytes, maxMessages, maxBytes, policy == OverflowPolicy.REJECT_NEW
                            ? "new messages are refused until its consumers catch up"
                            : "the oldest messages are dropped");
        }
    }

    /** The queue's level after a change; re-arms the warning once it is below half of its bounds. */
    void level(long messages, long bytes) {
        if (full && messages <= maxMessages / 2 && bytes <= maxBytes / 2) {
            full = false;
        }
    }

    /** A message larger than the byte bound was refused; said once per queue. */
    void tooLarge(int size) {
        if (!tooLargeReported) {
            tooLargeReported = true;
            LOG.warn("QUEUE-4003 ephemeral queue '{}' refused a message of {} bytes, more than its bound of {} bytes"
                    + " (further ones are refused without this warning)", queue, size, maxBytes);
        }
    }
}
