package io.fluxmq.storage.rocksdb.engine;

import java.nio.file.Path;

/**
 * The database could not be opened. The message starts with a log code and names the directory
 * and the cause; it is what SCR reports as the component's activation failure.
 */
public final class DatabaseOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public DatabaseOpenException(String code, Path directory, String problem, Throwable cause) {
        super(code + " cannot open the RocksDB store in " + directory + ": " + problem, cause);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
