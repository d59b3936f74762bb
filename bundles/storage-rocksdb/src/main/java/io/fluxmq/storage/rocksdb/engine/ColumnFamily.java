package io.fluxmq.storage.rocksdb.engine;

import java.nio.charset.StandardCharsets;

/** The column families, one per kind of record; the README lists their keys and values. */
public enum ColumnFamily {
    SESSIONS("sessions"),
    SUBSCRIPTIONS("subscriptions"),
    INFLIGHT("inflight"),
    OFFLINE("offline"),
    RETAINED("retained"),
    WILLS("wills"),
    LOG_ENTRIES("log_entries"),
    LOG_META("log_meta"),
    GROUP_OFFSETS("group_offsets"),
    PENDING("pending"),
    DEFINITIONS("definitions");

    private final String cfName;

    ColumnFamily(String cfName) {
        this.cfName = cfName;
    }

    /** The name on disk. */
    public String cfName() {
        return cfName;
    }

    public byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.UTF_8);
    }
}
