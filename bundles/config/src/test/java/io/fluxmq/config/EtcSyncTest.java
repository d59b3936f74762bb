package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class EtcSyncTest {
    private static final String HEALTH = "io.fluxmq.health.config";
    private static final String GOOD = "# Readiness\nrequired.services=[\"a\",\"b\"]\nbundle.prefix=\"io.fluxmq.\"\n";

    @TempDir
    Path home;
    Path etc;
    final FakeConfigurationAdmin cm = new FakeConfigurationAdmin();
    final RecordingLog log = new RecordingLog();
    final Map<String, ObjectClassDefinition> metatypes = new HashMap<>();
    EtcSync sync;
    long clock = 1_700_000_000_000L;

    @BeforeEach
    void setUp() throws IOException {
        etc = Files.createDirectory(home.resolve("etc"));
        sync = new EtcSync(etc, cm, id -> metatypes.get(id.isFactory() ? id.factoryPid() : id.pid()),
                new Variables(Map.of("fluxmq.home", home.toString())::get), log);
    }

    /** Writes a file with a fresh modification time, as an editor would some time later. */
    void write(String name, String text) throws IOException {
        Path p = etc.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        clock += 2000;
        Files.setLastModifiedTime(p, FileTime.fromMillis(clock));
    }

    String read(String name) throws IOException {
        return Files.readString(etc.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void theInitialScanAppliesSingletonFactoryAndCfgFiles() throws IOException {
        write(HEALTH, GOOD);
        write("org.apache.felix.fileinstall-deploy.cfg", "felix.fileinstall.dir = ${fluxmq.home}/deploy\n");

        EtcSync.Scan scan = sync.scan(true);

        assertThat(scan).isEqualTo(new EtcSync.Scan(2, 0));
        assertThat((String[]) cm.props("io.fluxmq.health").get("required.services")).containsExactly("a", "b");
        assertThat(cm.props("io.fluxmq.health")).containsEntry(ConfigValues.FILE_MARKER, HEALTH);
        assertThat(cm.configs.get("org.apache.felix.fileinstall~deploy").getFactoryPid())
                .isEqualTo("org.apache.felix.fileinstall");
        assertThat(cm.props("org.apache.felix.fileinstall~deploy"))
                .containsEntry("felix.fileinstall.dir", home + "/deploy");
        assertThat(log.drain()).containsExactly(
                "INFO CONFIG-0001 applied etc/io.fluxmq.health.config (pid io.fluxmq.health)",
                "INFO CONFIG-0001 applied etc/org.apache.felix.fileinstall-deploy.cfg (pid org.apache.felix.fileinstall~deploy)");
    }

    @Test
    void aMalformedEditKeepsThePreviousConfigurationAndIsReportedOnce() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        int updates = cm.updates;

        write(HEALTH, "# Readiness\nrequired.services=[\"broken\nbundle.prefix=\"io.fluxmq.\"\n");
        sync.scan(false);
        assertThat(log.drain()).as("first failure waits one poll: the file may be half-written").isEmpty();
        sync.scan(false);
        assertThat(log.drain()).containsExactly("ERROR CONFIG-1001 etc/io.fluxmq.health.config line 2: unterminated "
                + "string in the value of 'required.services' (missing closing quote); keeping the previous configuration");
        sync.scan(false);
        sync.scan(false);
        assertThat(log.drain()).isEmpty();
        assertThat(cm.updates).isEqualTo(updates);
        assertThat((String[]) cm.props("io.fluxmq.health").get("required.services")).containsExactly("a", "b");

        write(HEALTH, GOOD.replace("\"b\"", "\"c\""));
        sync.scan(false);
        assertThat(log.drain()).containsExactly("INFO CONFIG-0001 applied etc/io.fluxmq.health.config (pid io.fluxmq.health)");
        assertThat((String[]) cm.props("io.fluxmq.health").get("required.services")).containsExactly("a", "c");
    }

    @Test
    void fixingAnErrorBackToTheAppliedValuesSaysSo() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        write(HEALTH, "garbage\n");
        sync.scan(false);
        sync.scan(false);
        write(HEALTH, GOOD);
        log.drain();
        sync.scan(false);
        assertThat(log.drain()).containsExactly(
                "INFO CONFIG-0001 applied etc/io.fluxmq.health.config (pid io.fluxmq.health, same as the configuration in use)");
    }

    @Test
    void aHalfWrittenFileThatIsCompletedBeforeTheNextPollIsNeverReported() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        write(HEALTH, "# Readiness\nrequired.services=[\"a\",");
        sync.scan(false);
        write(HEALTH, GOOD.replace("\"b\"", "\"z\""));
        sync.scan(false);
        assertThat(log.drain()).containsExactly("INFO CONFIG-0001 applied etc/io.fluxmq.health.config (pid io.fluxmq.health)");
    }

    @Test
    void theInitialScanReportsErrorsAtOnceAndCountsThem() throws IOException {
        write(HEALTH, "required.services=[\"broken\n");
        EtcSync.Scan scan = sync.scan(true);
        assertThat(scan).isEqualTo(new EtcSync.Scan(1, 1));
        assertThat(log.drain()).singleElement().asString().startsWith("ERROR CONFIG-1001 etc/io.fluxmq.health.config line 1:");
        assertThat(cm.configs).isEmpty();
    }

    @Test
    void anUnchangedFileIsNotAppliedAgain() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        int updates = cm.updates;
        write(HEALTH, GOOD); // touched: new mtime, same bytes
        sync.scan(false);
        sync.scan(false);
        assertThat(cm.updates).isEqualTo(updates);
    }

    @Test
    void aConfigurationThatAlreadyMatchesTheFileIsNotUpdatedAtStart() throws IOException {
        cm.preset("io.fluxmq.health", null, Map.of("required.services", new String[] {"a", "b"},
                "bundle.prefix", "io.fluxmq.", ConfigValues.FILE_MARKER, HEALTH));
        write(HEALTH, GOOD);
        sync.scan(true);
        assertThat(cm.updates).isZero();
        assertThat(log.drain()).isEmpty();
    }

    @Test
    void deletingTheFileDeletesTheConfiguration() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        Files.delete(etc.resolve(HEALTH));
        sync.scan(false);
        assertThat(cm.configs).isEmpty();
        assertThat(log.drain()).containsExactly(
                "INFO CONFIG-0004 etc/io.fluxmq.health.config was removed: deleted configuration io.fluxmq.health");
    }

    @Test
    void theInitialScanDeletesConfigurationsWhoseFileIsGone() throws IOException {
        cm.preset("old.pid", null, Map.of("k", "v", ConfigValues.FILE_MARKER, "old.pid.config"));
        cm.preset("console.made", null, Map.of("k", "v"));
        sync.scan(true);
        assertThat(cm.configs).containsOnlyKeys("console.made");
        assertThat(log.drain()).containsExactly("INFO CONFIG-0004 etc/old.pid.config is gone: deleted configuration old.pid");
    }

    @Test
    void aMissingDirectoryIsReportedOnceAndDeletesNothing() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        Files.delete(etc.resolve(HEALTH));
        Files.delete(etc);
        sync.scan(false);
        sync.scan(false);
        assertThat(cm.configs).containsKey("io.fluxmq.health");
        assertThat(log.drain()).singleElement().asString().startsWith("WARN CONFIG-2004 configuration directory")
                .contains("does not exist");
    }

    @Test
    void aConsoleEditIsWrittenBackKeepingCommentsAndIsNotAppliedAgain() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        Map<String, Object> edited = new LinkedHashMap<>(cm.props("io.fluxmq.health"));
        edited.put("bundle.prefix", "io.other.");
        edited.put("extra", 5);
        cm.consoleEdit("io.fluxmq.health", edited);
        int updates = cm.updates;

        sync.onConfigurationEvent(ConfigurationEvent.CM_UPDATED, "io.fluxmq.health");

        assertThat(read(HEALTH)).isEqualTo("# Readiness\nrequired.services=[\"a\",\"b\"]\nbundle.prefix=\"io.other.\"\n"
                + "extra=I\"5\"\n");
        assertThat(log.drain()).containsExactly(
                "INFO CONFIG-0003 wrote the change of pid io.fluxmq.health to etc/io.fluxmq.health.config");
        assertThat(etc.toFile().list()).containsExactly(HEALTH);
        sync.scan(false);
        sync.scan(false);
        assertThat(cm.updates).isEqualTo(updates);
        assertThat(log.drain()).isEmpty();
    }

    @Test
    void theEchoOfOurOwnUpdateDoesNotRewriteTheFile() throws IOException {
        String text = "# keep   my    spacing\nbundle.prefix   =   \"io.fluxmq.\"\n";
        write(HEALTH, text);
        sync.scan(true);
        sync.onConfigurationEvent(ConfigurationEvent.CM_UPDATED, "io.fluxmq.health");
        assertThat(read(HEALTH)).isEqualTo(text);
    }

    @Test
    void aConsoleEditOfARejectedFileReplacesItKeepingItsHeader() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        write(HEALTH, "# Readiness\n# edited\nrequired.services=[\"broken\n");
        sync.scan(false);
        sync.scan(false);
        log.drain();
        cm.consoleEdit("io.fluxmq.health", Map.of("bundle.prefix", "x."));
        sync.onConfigurationEvent(ConfigurationEvent.CM_UPDATED, "io.fluxmq.health");
        assertThat(read(HEALTH)).isEqualTo("# Readiness\n# edited\nbundle.prefix=\"x.\"\n");
    }

    @Test
    void aFileEditNotYetPolledWinsOverAConsoleEdit() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        write(HEALTH, GOOD.replace("io.fluxmq.", "from.file."));
        cm.consoleEdit("io.fluxmq.health", Map.of("bundle.prefix", "from.console."));
        sync.onConfigurationEvent(ConfigurationEvent.CM_UPDATED, "io.fluxmq.health");
        assertThat(read(HEALTH)).contains("from.file.");
        assertThat(log.drain()).singleElement().asString().startsWith("WARN CONFIG-2003");
        sync.scan(false);
        assertThat(cm.props("io.fluxmq.health")).containsEntry("bundle.prefix", "from.file.");
    }

    @Test
    void aConsoleDeletionDeletesTheFile() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        cm.configs.get("io.fluxmq.health").delete();
        sync.onConfigurationEvent(ConfigurationEvent.CM_DELETED, "io.fluxmq.health");
        assertThat(etc.resolve(HEALTH)).doesNotExist();
        assertThat(log.drain()).containsExactly(
                "INFO CONFIG-0005 configuration io.fluxmq.health was deleted: deleted etc/io.fluxmq.health.config");
        sync.scan(false);
        assertThat(log.drain()).isEmpty();
    }

    @Test
    void ourOwnDeletionDoesNotTouchFiles() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        Files.delete(etc.resolve(HEALTH));
        sync.scan(false);
        write(HEALTH, GOOD); // re-created right away
        sync.onConfigurationEvent(ConfigurationEvent.CM_DELETED, "io.fluxmq.health");
        assertThat(etc.resolve(HEALTH)).exists();
    }

    @Test
    void cfgFilesAreNotWrittenBack() throws IOException {
        String text = "a = 1\n";
        write("p.cfg", text);
        sync.scan(true);
        log.drain();
        cm.consoleEdit("p", Map.of("a", "2"));
        sync.onConfigurationEvent(ConfigurationEvent.CM_UPDATED, "p");
        assertThat(read("p.cfg")).isEqualTo(text);
        assertThat(log.drain()).singleElement().asString().startsWith("WARN CONFIG-2002 pid p was changed outside etc/p.cfg");
    }

    @Test
    void eventsForPidsWithoutAFileAreIgnored() throws IOException {
        cm.preset("console.made", null, Map.of("k", "v"));
        sync.scan(true);
        sync.onConfigurationEvent(ConfigurationEvent.CM_UPDATED, "console.made");
        assertThat(etc.toFile().list()).isEmpty();
    }

    @Test
    void validatesAgainstTheMetatypeAndWarnsAboutUnknownKeys() throws IOException {
        metatypes.put("http", new FakeMetatype("http").attr("port", AttributeDefinition.INTEGER, 0));
        write("http.cfg", "port = 8080\nprot = 1\n");
        write("http-second.config", "port=L\"1\"\n");
        metatypes.put("http", new FakeMetatype("http").attr("port", AttributeDefinition.INTEGER, 0));
        sync.scan(true);
        assertThat(cm.props("http")).containsEntry("port", 8080);
        assertThat(cm.props("http~second")).isNull();
        assertThat(log.drain()).containsExactly(
                "ERROR CONFIG-1003 etc/http-second.config line 1: 'port' must be an Integer, not a Long (write I\"...\"); "
                        + "keeping the previous configuration",
                "WARN CONFIG-2001 etc/http.cfg line 2: key 'prot' is not an attribute of http (applied anyway; a typo?)",
                "INFO CONFIG-0001 applied etc/http.cfg (pid http)");
    }

    @Test
    void aMetatypeThatAppearsLaterChecksFilesAppliedWithoutOne() throws IOException {
        write("http.cfg", "port = 8080\nhost = 127.0.0.1\n");
        write("other.cfg", "port = abc\n");
        sync.scan(true);
        assertThat(cm.props("http")).containsEntry("port", "8080");
        log.drain();
        int updates = cm.updates;

        metatypes.put("http", new FakeMetatype("http").attr("port", AttributeDefinition.INTEGER, 0));
        metatypes.put("other", new FakeMetatype("other").attr("port", AttributeDefinition.INTEGER, 0));
        sync.revalidate();
        sync.scan(false);
        assertThat(cm.updates).as("a file that passes is not applied again: that would restart its component")
                .isEqualTo(updates);
        assertThat(cm.props("http")).containsEntry("port", "8080");
        assertThat(cm.props("other")).containsEntry("port", "abc");
        assertThat(log.drain()).containsExactly(
                "WARN CONFIG-2001 etc/http.cfg line 2: key 'host' is not an attribute of http (applied anyway; a typo?)",
                "ERROR CONFIG-1003 etc/other.cfg line 1: 'port' must be an Integer: 'abc' is not a valid Integer "
                        + "(from -2147483648 to 2147483647); it was applied before the metatype of other was "
                        + "available and stays in use until the file is fixed");
        sync.revalidate();
        sync.scan(false);
        assertThat(log.drain()).as("reported once").isEmpty();
        write("other.cfg", "port = 7\n");
        write("http.cfg", "port = 8081\nhost = 127.0.0.1\n");
        sync.scan(false);
        assertThat(cm.props("other")).containsEntry("port", 7);
        assertThat(cm.props("http")).as("an edit is applied with the declared types").containsEntry("port", 8081);
    }

    @Test
    void aBadFileNameIsReportedOnce() throws IOException {
        write("factory-.config", "a=\"1\"\n");
        sync.scan(true);
        sync.scan(false);
        assertThat(log.drain()).singleElement().asString().startsWith("ERROR CONFIG-1002 etc/factory-.config is ignored");
        assertThat(cm.configs).isEmpty();
    }

    @Test
    void twoFilesForOnePidAreAConflictResolvedWhenOneGoes() throws IOException {
        write("p.cfg", "a = cfg\n");
        write("p.config", "a=\"config\"\n");
        sync.scan(true);
        assertThat(cm.props("p")).containsEntry("a", "cfg");
        assertThat(log.drain()).containsExactly("INFO CONFIG-0001 applied etc/p.cfg (pid p)",
                "ERROR CONFIG-1010 etc/p.config is ignored: etc/p.cfg already provides pid p");
        sync.scan(false);
        assertThat(log.drain()).isEmpty();
        Files.delete(etc.resolve("p.cfg"));
        sync.scan(false);
        sync.scan(false);
        assertThat(cm.props("p")).containsEntry("a", "config");
    }

    @Test
    void aConfigurationAdminFailureIsReportedAndKeepsThePrevious() throws IOException {
        write(HEALTH, GOOD);
        sync.scan(true);
        log.drain();
        cm.failUpdates = new IOException("disk full");
        write(HEALTH, GOOD.replace("\"b\"", "\"c\""));
        sync.scan(false);
        assertThat(log.drain()).singleElement().asString().startsWith("ERROR CONFIG-1004 etc/io.fluxmq.health.config "
                + "could not be applied to pid io.fluxmq.health: java.io.IOException: disk full");
        assertThat((String[]) cm.props("io.fluxmq.health").get("required.services")).containsExactly("a", "b");
    }
}
