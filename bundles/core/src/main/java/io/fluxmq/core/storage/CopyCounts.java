package io.fluxmq.core.storage;

/** What a migration copied, or cleared from a stale target; reported in STORAGE-0001 and STORAGE-0002. */
final class CopyCounts {
    long sessions;
    long subscriptions;
    long inflight;
    long offline;
    long retained;
    long wills;
    long definitions;
    long logs;
    long entries;
    long groupOffsets;
    long pending;

    long total() {
        return sessions + subscriptions + inflight + offline + retained + wills + definitions + logs + entries
                + groupOffsets + pending;
    }

    @Override
    public String toString() {
        return sessions + " sessions, " + subscriptions + " subscriptions, " + inflight + " inflight exchanges, "
                + offline + " offline messages, " + retained + " retained messages, " + wills + " wills, "
                + definitions + " definitions, " + logs
                + " logs with " + entries + " entries, " + groupOffsets + " committed group offsets, " + pending
                + " pending entries";
    }

    /**
     * What a clearing of a stale target counted: whole clients and logs are deleted, so their inflight
     * exchanges, offline messages, group offsets and pending entries go with them uncounted.
     */
    String cleared() {
        return sessions + " sessions, " + subscriptions + " subscriptions (with the clients' inflight exchanges and"
                + " offline queues), " + retained + " retained messages, " + wills + " wills, " + definitions
                + " definitions, " + logs + " logs with "
                + entries + " entries (with their group offsets and pending entries)";
    }
}
