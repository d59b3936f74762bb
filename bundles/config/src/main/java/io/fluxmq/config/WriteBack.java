package io.fluxmq.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationEvent;

/**
 * Carries edits made outside the files (Web Console, Gogo, another management agent) back into
 * etc/, so that the file stays the truth and the next restart does not undo the edit. Runs on
 * the watcher thread, like {@link EtcSync}.
 */
final class WriteBack {
    private final EtcSync sync;
    private final TypedConfigParser parser;
    private final ConfigLog log;

    WriteBack(EtcSync sync, TypedConfigParser parser, ConfigLog log) {
        this.sync = sync;
        this.parser = parser;
        this.log = log;
    }

    void onEvent(WatchedFile f, int type) {
        String pid = f.id.pid();
        try {
            Configuration c = sync.existing(pid);
            if (type == ConfigurationEvent.CM_DELETED) {
                // The watcher forgets a file before deleting its configuration itself, so a deletion
                // of a PID it still manages was made elsewhere. It may have been re-created since.
                if (c == null) {
                    deleteFile(f);
                }
                return;
            }
            if (type != ConfigurationEvent.CM_UPDATED || c == null) {
                return;
            }
            Map<String, Object> current = ConfigValues.relevantOf(c.getProperties());
            if (f.applied != null && ConfigValues.same(current, f.applied)) {
                return; // our own update coming back, or an edit that changed nothing
            }
            if (!f.id.typed()) {
                log.warn("CONFIG-2002 pid " + pid + " was changed outside " + sync.display(f.fileName)
                        + "; .cfg files are not written back, so the file's values return when it changes or at the next start");
                f.applied = current;
                return;
            }
            write(f, current);
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            log.error("CONFIG-1006 could not write the change of pid " + pid + " to " + sync.display(f.fileName) + ": " + e);
        }
    }

    private void deleteFile(WatchedFile f) throws IOException {
        Files.deleteIfExists(sync.dir().resolve(f.fileName));
        sync.forget(f);
        log.info("CONFIG-0005 configuration " + f.id.pid() + " was deleted: deleted " + sync.display(f.fileName));
    }

    private void write(WatchedFile f, Map<String, Object> current) throws IOException {
        Path path = sync.dir().resolve(f.fileName);
        // An edit or removal of the file that the poller has not seen yet wins over the console's:
        // the file is the truth, and it is applied (or its configuration deleted) on the next poll.
        byte[] existing = Files.exists(path) ? Files.readAllBytes(path) : null;
        if (existing == null || (f.hash != null && !EtcSync.sha256(existing).equals(f.hash))) {
            log.warn("CONFIG-2003 the change of pid " + f.id.pid() + " was not written to " + sync.display(f.fileName)
                    + ": the file changed meanwhile and takes precedence");
            return;
        }
        String text = new String(existing, StandardCharsets.UTF_8);
        // A rejected file's last good document no longer matches its text: start again from its comments.
        ConfigDocument previous = f.failed ? null : f.document;
        String out;
        ConfigDocument written;
        try {
            out = TypedConfigWriter.write(current, previous, TypedConfigWriter.leadingComments(text));
            written = parser.parse(out);
        } catch (IllegalArgumentException | ConfigFileException e) {
            log.error("CONFIG-1006 the change of pid " + f.id.pid() + " cannot be written to " + sync.display(f.fileName)
                    + ": " + e.getMessage());
            return;
        }
        if (!ConfigValues.same(written.properties(), current)) {
            log.error("CONFIG-1006 the change of pid " + f.id.pid() + " cannot be written to " + sync.display(f.fileName)
                    + ": the file would not read back the same values");
            return;
        }
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        Path tmp = path.resolveSibling("." + f.fileName + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
        f.modified = attrs.lastModifiedTime().toMillis();
        f.size = attrs.size();
        f.hash = EtcSync.sha256(bytes);
        f.retryHash = null;
        f.dirty = false;
        f.failed = false;
        f.applied = current;
        f.document = written;
        log.info("CONFIG-0003 wrote the change of pid " + f.id.pid() + " to " + sync.display(f.fileName));
    }
}
