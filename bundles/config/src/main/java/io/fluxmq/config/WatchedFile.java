package io.fluxmq.config;

import java.util.Map;

/**
 * What the watcher knows about one file of etc/. Owned by the watcher thread: no other thread
 * reads or writes it.
 */
final class WatchedFile {
    final String fileName;
    /** The PID the name stands for; null when the name is not a valid configuration file name. */
    final ConfigFileName id;

    long modified = -1;
    long size = -1;
    /** Hash of the content last handled (applied, rejected and reported, or written back). */
    String hash;
    /** Hash of a content that failed once and is tried again on the next poll before it is reported. */
    String retryHash;
    /** Process on the next poll even if the file did not change. */
    boolean dirty;
    /** The current content was rejected; Configuration Admin keeps what was applied before. */
    boolean failed;
    /** Another file already provides this PID; this one is ignored. */
    boolean conflict;
    /** The properties last applied from (or written back to) the file, ignored keys removed; null if none. */
    Map<String, Object> applied;
    /** The parsed content behind {@link #applied}. */
    ConfigDocument document;
    /** Whether {@link #applied} was checked against a metatype. */
    boolean validated;

    WatchedFile(String fileName, ConfigFileName id) {
        this.fileName = fileName;
        this.id = id;
    }
}
