package io.fluxmq.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Keeps Configuration Admin in step with the files of etc/. Every method runs on the single
 * watcher thread ("fluxmq-config"), which owns all the state here: the poller, the configuration
 * events and the metatype re-checks are queued onto that thread instead of sharing locks.
 */
final class EtcSync {
    /** Result of a scan: configuration files seen, and how many of them are not applied. */
    record Scan(int files, int rejected) {
    }

    private final Path dir;
    private final ConfigurationAdmin cm;
    private final Function<ConfigFileName, ObjectClassDefinition> schemas;
    private final TypedConfigParser typedParser;
    private final CfgFileParser cfgParser;
    private final ConfigLog log;
    private final Map<String, WatchedFile> files = new HashMap<>();
    private final Map<String, WatchedFile> byPid = new HashMap<>();
    private final WriteBack writeBack;
    private final Map<String, String> unexpected = new HashMap<>();
    private String directoryProblem;

    EtcSync(Path dir, ConfigurationAdmin cm, Function<ConfigFileName, ObjectClassDefinition> schemas,
            Variables variables, ConfigLog log) {
        this.dir = dir;
        this.cm = cm;
        this.schemas = schemas;
        this.typedParser = new TypedConfigParser(variables);
        this.cfgParser = new CfgFileParser(variables);
        this.log = log;
        this.writeBack = new WriteBack(this, typedParser, log);
    }

    /**
     * Looks at every file once. {@code initial} is the scan made before the start level is raised:
     * it reports errors at once (no retry) and deletes configurations whose file is gone.
     */
    Scan scan(boolean initial) {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(ConfigFileName::isCandidate).forEach(names::add);
        } catch (IOException | RuntimeException e) {
            // Never read an unreadable directory as an empty one: that would delete every configuration.
            String problem = e instanceof NoSuchFileException ? "does not exist" : "cannot be listed: " + e;
            if (!problem.equals(directoryProblem)) {
                log.warn("CONFIG-2004 configuration directory " + dir + " " + problem + "; nothing applied");
                directoryProblem = problem;
            }
            return new Scan(0, 0);
        }
        directoryProblem = null;
        for (String name : names) {
            try {
                process(name, initial);
            } catch (RuntimeException e) {
                // One file must not stop the others; reported once per file until it succeeds.
                String problem = String.valueOf(e);
                if (!problem.equals(unexpected.put(name, problem))) {
                    log.error("CONFIG-1009 " + display(name) + ": unexpected failure " + problem);
                }
                WatchedFile f = files.get(name);
                if (f != null) {
                    f.dirty = true; // try again on the next poll
                }
                continue;
            }
            unexpected.remove(name);
        }
        for (WatchedFile gone : new ArrayList<>(files.values())) {
            if (!names.contains(gone.fileName)) {
                removed(gone);
            }
        }
        if (initial) {
            deleteOrphans();
        }
        int rejected = 0;
        for (WatchedFile f : files.values()) {
            if (f.id == null || f.failed || f.conflict) {
                rejected++;
            }
        }
        return new Scan(names.size(), rejected);
    }

    /** Marks the files applied without a metatype so that the next poll checks them again. */
    void revalidate() {
        for (WatchedFile f : files.values()) {
            if (f.id != null && f.applied != null && !f.validated && !f.failed) {
                f.dirty = true;
            }
        }
    }

    /** A configuration event, queued onto the watcher thread. */
    void onConfigurationEvent(int type, String pid) {
        WatchedFile f = byPid.get(pid);
        if (f != null) {
            writeBack.onEvent(f, type);
        }
    }

    private void process(String name, boolean initial) {
        WatchedFile f = files.get(name);
        if (f == null) {
            f = track(name);
        }
        if (f.id == null) {
            return;
        }
        Path path = dir.resolve(name);
        byte[] bytes;
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            long modified = attrs.lastModifiedTime().toMillis();
            if (!f.dirty && modified == f.modified && attrs.size() == f.size) {
                return;
            }
            bytes = Files.readAllBytes(path);
            f.modified = modified;
            f.size = attrs.size();
        } catch (NoSuchFileException e) {
            return; // deleted since the listing; the next scan removes it
        } catch (IOException e) {
            String hash = "unreadable:" + e;
            if (!hash.equals(f.hash)) {
                log.error("CONFIG-1005 " + display(name) + " cannot be read: " + e + "; keeping the previous configuration");
                f.hash = hash;
            }
            return;
        }
        String hash = sha256(bytes);
        if (!f.dirty && hash.equals(f.hash)) {
            return;
        }
        f.dirty = false;
        // The same content again, applied earlier without a metatype: now checked against one.
        boolean recheck = f.applied != null && !f.validated && !f.failed && hash.equals(f.hash);
        WatchedFile owner = byPid.get(f.id.pid());
        if (owner != null && owner != f) {
            if (!f.conflict) {
                log.error("CONFIG-1010 " + display(name) + " is ignored: " + display(owner.fileName)
                        + " already provides pid " + f.id.pid());
            }
            f.conflict = true;
            f.hash = hash;
            return;
        }
        f.conflict = false;
        byPid.put(f.id.pid(), f);
        ConfigDocument doc;
        try {
            doc = parse(f.id, bytes);
        } catch (ConfigFileException e) {
            reject(f, hash, initial, "CONFIG-1001", e);
            return;
        }
        ObjectClassDefinition ocd = schemas.apply(f.id);
        Map<String, Object> props = doc.properties();
        if (ocd != null) {
            try {
                MetatypeValidator.Result result = MetatypeValidator.validate(doc, ocd, f.id.pid());
                props = result.properties();
                for (String warning : result.warnings()) {
                    log.warn("CONFIG-2001 " + display(name) + " " + warning);
                }
            } catch (ConfigFileException e) {
                if (recheck) {
                    f.failed = true;
                    log.error("CONFIG-1003 " + display(name) + " " + e.getMessage() + "; it was applied before the "
                            + "metatype of " + f.id.pid() + " was available and stays in use until the file is fixed");
                    return;
                }
                reject(f, hash, initial, "CONFIG-1003", e);
                return;
            }
        }
        f.retryHash = null;
        f.hash = hash;
        if (recheck && ocd != null) {
            // The configuration in use came from these same bytes and passes: nothing to apply.
            // Updating it only to carry the declared types would restart its component (Jetty for
            // the HTTP listener) whenever any bundle is installed or updated; DS converts a string
            // to the declared type anyway.
            f.validated = true;
            return;
        }
        apply(f, doc, props, ocd != null);
    }

    private WatchedFile track(String name) {
        ConfigFileName id = null;
        try {
            id = ConfigFileName.parse(name);
        } catch (ConfigFileException e) {
            log.error("CONFIG-1002 " + display(name) + " is ignored: " + e.getMessage());
        }
        WatchedFile f = new WatchedFile(name, id);
        files.put(name, f);
        return f;
    }

    private ConfigDocument parse(ConfigFileName id, byte[] bytes) throws ConfigFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(0, "not valid UTF-8");
        }
        return id.typed() ? typedParser.parse(text) : cfgParser.parse(text);
    }

    /*
     * A file can be caught half-written (an editor that truncates and then writes, a copy in
     * progress). Rather than waiting for size and mtime to settle before reading every change,
     * which would delay good edits too, a content that fails is given one more poll: if the same
     * bytes fail again they are reported; if the file changed meanwhile it is judged afresh.
     * The initial scan does not wait: nobody is writing etc/ while the broker starts, and the
     * start level must not be held up.
     */
    private void reject(WatchedFile f, String hash, boolean initial, String code, ConfigFileException e) {
        if (!initial && !hash.equals(f.retryHash)) {
            f.retryHash = hash;
            f.dirty = true;
            return;
        }
        f.retryHash = null;
        f.hash = hash;
        f.failed = true;
        log.error(code + " " + display(f.fileName) + " " + e.getMessage() + "; keeping the previous configuration");
    }

    private void apply(WatchedFile f, ConfigDocument doc, Map<String, Object> props, boolean validated) {
        String pid = f.id.pid();
        try {
            Configuration existing = existing(pid);
            Hashtable<String, Object> current = existing == null ? null : toTable(existing);
            boolean changed = current == null || !ConfigValues.same(current, props)
                    || !f.fileName.equals(current.get(ConfigValues.FILE_MARKER));
            if (changed) {
                Configuration target = existing != null ? existing
                        : f.id.isFactory() ? cm.getFactoryConfiguration(f.id.factoryPid(), f.id.name(), "?")
                        : cm.getConfiguration(pid, "?");
                Hashtable<String, Object> update = new Hashtable<>(props);
                update.put(ConfigValues.FILE_MARKER, f.fileName);
                target.update(update);
                log.info("CONFIG-0001 applied " + display(f.fileName) + " (pid " + pid + ")");
            } else if (f.failed) {
                log.info("CONFIG-0001 applied " + display(f.fileName) + " (pid " + pid
                        + ", same as the configuration in use)");
            }
            f.failed = false;
            f.applied = ConfigValues.relevant(props);
            f.document = doc;
            f.validated = validated;
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            f.failed = true;
            log.error("CONFIG-1004 " + display(f.fileName) + " could not be applied to pid " + pid + ": " + e
                    + "; keeping the previous configuration");
        }
    }

    private void removed(WatchedFile f) {
        files.remove(f.fileName);
        if (f.id == null || byPid.get(f.id.pid()) != f) {
            return;
        }
        byPid.remove(f.id.pid());
        deleteConfiguration(f.id.pid(), display(f.fileName) + " was removed");
        for (WatchedFile other : files.values()) {
            if (other.id != null && other.id.pid().equals(f.id.pid())) {
                other.dirty = true; // the file that lost the PID conflict now provides it
                other.conflict = false;
                break;
            }
        }
    }

    private void deleteOrphans() {
        try {
            Configuration[] marked = cm.listConfigurations("(" + ConfigValues.FILE_MARKER + "=*)");
            if (marked == null) {
                return;
            }
            for (Configuration c : marked) {
                Object file = c.getProperties() == null ? null : c.getProperties().get(ConfigValues.FILE_MARKER);
                if (file instanceof String name && !files.containsKey(name)) {
                    deleteConfiguration(c.getPid(), display(name) + " is gone");
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            log.error("CONFIG-1007 could not list configurations created from " + dir + ": " + e);
        }
    }

    private void deleteConfiguration(String pid, String reason) {
        try {
            Configuration c = existing(pid);
            if (c != null) {
                c.delete();
                log.info("CONFIG-0004 " + reason + ": deleted configuration " + pid);
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            log.error("CONFIG-1007 " + reason + " but configuration " + pid + " could not be deleted: " + e);
        }
    }

    // ---- shared with WriteBack (same thread) ----

    Path dir() {
        return dir;
    }

    void forget(WatchedFile f) {
        files.remove(f.fileName);
        if (f.id != null) {
            byPid.remove(f.id.pid(), f);
        }
    }

    /** The configuration with this PID, without creating it; null when there is none. */
    Configuration existing(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = cm.listConfigurations("(service.pid=" + escapeFilter(pid) + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    String display(String fileName) {
        Path name = dir.getFileName();
        return (name == null ? dir.toString() : name.toString()) + "/" + fileName;
    }

    static Hashtable<String, Object> toTable(Configuration c) {
        Hashtable<String, Object> table = new Hashtable<>();
        var props = c.getProperties();
        if (props != null) {
            for (var keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                table.put(k, props.get(k));
            }
        }
        return table;
    }

    static String escapeFilter(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** For tests: the state of a file, or null. */
    WatchedFile file(String name) {
        return files.get(name);
    }

    List<String> managedPids() {
        return new ArrayList<>(byPid.keySet());
    }
}
