package io.fluxmq.storage.rocksdb.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Opens the database, and never changes a directory it cannot open. A database is created only
 * in a directory that does not exist or is empty. An existing one is first read without writing:
 * its column families are listed and it is opened read-only (which takes no lock and writes no
 * info log), and it must carry this bundle's format marker. Only then is it opened for writing,
 * which may add missing column families. Nothing here deletes, repairs or rewrites existing files;
 * RocksDB's own WAL replay (point-in-time recovery, its default) is the only recovery done.
 */
public final class DatabaseOpener {
    /** The key, in the default column family, of the storage format marker. */
    static final byte[] FORMAT_KEY = "fluxmq.storage.format".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The storage format this bundle writes and reads. */
    public static final int FORMAT = 1;

    private static final long MB = 1024L * 1024L;

    private DatabaseOpener() {
    }

    /**
     * Loads RocksJava's native library. Inside OSGi, RocksJava's loader asks for
     * {@code rocksdbjni-linux64} with {@code System.loadLibrary} from a class of this bundle; the
     * bundle's class loader answers with the copy the framework extracted for
     * {@code Bundle-NativeCode}, a fresh copy per bundle revision, so an updated bundle loads its
     * own. Outside OSGi (tests, benchmarks) that lookup fails and RocksJava extracts the library
     * from the jar to java.io.tmpdir instead.
     */
    public static void loadLibrary(Path directory) {
        try {
            RocksDB.loadLibrary();
        } catch (RuntimeException | LinkageError e) {
            throw new DatabaseOpenException("ROCKS-1000", directory, "the RocksDB native library could not be"
                    + " loaded (" + e + "); this bundle carries it for Linux x86-64 only", e);
        }
    }

    public static OpenDatabase open(Settings settings) {
        Path dir = settings.directory().toAbsolutePath().normalize();
        loadLibrary(dir);
        boolean fresh = prepareDirectory(dir);
        List<byte[]> existing = fresh ? List.of() : inspectExisting(dir);
        return openForWriting(dir, settings, fresh, existing);
    }

    /** Creates the directory if needed; true when there is no database yet (missing or empty directory). */
    private static boolean prepareDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DatabaseOpenException("ROCKS-1001", dir, "the path exists and is not a directory", null);
        }
        boolean fresh;
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new DatabaseOpenException("ROCKS-1002", dir, "the directory cannot be created ("
                        + describe(e) + ")", e);
            }
            fresh = true;
        } else {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                fresh = !entries.iterator().hasNext();
            } catch (IOException e) {
                throw new DatabaseOpenException("ROCKS-1002", dir, "the directory cannot be read (" + describe(e)
                        + ")", e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw new DatabaseOpenException("ROCKS-1004", dir, "the directory is not writable by this process", null);
        }
        if (!fresh && !Files.exists(dir.resolve("CURRENT"))) {
            throw new DatabaseOpenException("ROCKS-1003", dir, "the directory is not empty and holds no RocksDB"
                    + " database (no CURRENT file); refusing to create one among other files", null);
        }
        return fresh;
    }

    /** Lists the column families and opens the database read-only to check it; writes nothing. */
    private static List<byte[]> inspectExisting(Path dir) {
        List<byte[]> families;
        try (Options options = new Options()) {
            families = RocksDB.listColumnFamilies(options, dir.toString());
        } catch (RocksDBException e) {
            throw unreadable(dir, e);
        }
        if (families.isEmpty()) {
            // A database always has the default column family: CURRENT led nowhere readable.
            throw new DatabaseOpenException("ROCKS-1005", dir, "the database lists no column families (damaged CURRENT"
                    + " file, or the MANIFEST it names); the files were left as they are", null);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (ColumnFamilyOptions cfOptions = new ColumnFamilyOptions(); DBOptions options = new DBOptions()) {
            int defaultIndex = -1;
            for (byte[] name : families) {
                if (Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    defaultIndex = descriptors.size();
                }
                descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
            }
            try (RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles, false)) {
                byte[] marker = defaultIndex < 0 ? null : db.get(handles.get(defaultIndex), FORMAT_KEY);
                if (marker == null || marker.length != 1) {
                    throw new DatabaseOpenException("ROCKS-1003", dir, "it holds a RocksDB database that this bundle"
                            + " did not create (no FluxMQ format marker); refusing to change it", null);
                }
                if (marker[0] > FORMAT) {
                    throw new DatabaseOpenException("ROCKS-1007", dir, "the data was written in storage format "
                            + marker[0] + " by a newer FluxMQ; this bundle reads format " + FORMAT, null);
                }
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw unreadable(dir, e);
        }
        return families;
    }

    private static OpenDatabase openForWriting(Path dir, Settings settings, boolean fresh, List<byte[]> existing) {
        List<AbstractNativeReference> resources = new ArrayList<>();
        BackgroundErrors backgroundErrors = new BackgroundErrors(dir.toString());
        resources.add(backgroundErrors);
        DBOptions options = new DBOptions()
                .setCreateIfMissing(fresh)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                // Eleven column families write at very different rates: cap the WAL and the memtables in
                // total, so that a quiet family cannot pin old WAL files or memory.
                .setMaxTotalWalSize(128 * MB)
                .setDbWriteBufferSize(128 * MB)
                .setKeepLogFileNum(5)
                .setMaxLogFileSize(16 * MB)
                .setListeners(List.of(backgroundErrors));
        resources.add(options);
        BlockBasedTableConfig table = new BlockBasedTableConfig();
        if (settings.blockCacheBytes() > 0) {
            LRUCache cache = new LRUCache(settings.blockCacheBytes());
            resources.add(cache);
            table.setBlockCache(cache);
        }
        BloomFilter filter = new BloomFilter(10);
        resources.add(filter);
        table.setFilterPolicy(filter);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setWriteBufferSize(16 * MB).setTableFormatConfig(table);
        resources.add(cfOptions);

        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (byte[] name : existing) {
            if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
            }
        }
        for (ColumnFamily cf : ColumnFamily.values()) {
            if (descriptors.stream().noneMatch(d -> Arrays.equals(d.getName(), cf.nameBytes()))) {
                descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes(), cfOptions));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(options, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeReverse(resources);
            throw new DatabaseOpenException("ROCKS-1006", dir, StorageErrors.describe(e)
                    + (fresh ? "" : "; the files were left as they are"), e);
        }
        Map<ColumnFamily, ColumnFamilyHandle> byFamily = new EnumMap<>(ColumnFamily.class);
        for (int i = 0; i < descriptors.size(); i++) {
            for (ColumnFamily cf : ColumnFamily.values()) {
                if (Arrays.equals(descriptors.get(i).getName(), cf.nameBytes())) {
                    byFamily.put(cf, handles.get(i));
                }
            }
        }
        OpenDatabase open = new OpenDatabase(db, dir, byFamily, handles, resources, backgroundErrors);
        if (fresh) {
            try (WriteOptions sync = new WriteOptions().setSync(true)) {
                db.put(handles.get(0), sync, FORMAT_KEY, new byte[] {FORMAT});
            } catch (RocksDBException e) {
                closeQuietly(open);
                throw new DatabaseOpenException("ROCKS-1006", dir, "the new database's format marker could not be"
                        + " written: " + StorageErrors.describe(e), e);
            }
        }
        return open;
    }

    private static DatabaseOpenException unreadable(Path dir, RocksDBException e) {
        return new DatabaseOpenException("ROCKS-1005", dir, "the database cannot be read ("
                + StorageErrors.describe(e) + "); the files were left as they are: restore them from a backup or"
                + " repair them with RocksDB's tools, then restart the bundle", e);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void closeReverse(List<AbstractNativeReference> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private static void closeQuietly(OpenDatabase open) {
        try {
            open.close();
        } catch (RocksDBException | RuntimeException e) {
            // already failing with a better message
        }
    }
}
