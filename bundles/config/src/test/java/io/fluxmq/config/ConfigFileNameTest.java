package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigFileNameTest {

    @Test
    void aNameWithoutDashIsASingletonPid() throws Exception {
        ConfigFileName n = ConfigFileName.parse("io.fluxmq.health.config");
        assertThat(n.pid()).isEqualTo("io.fluxmq.health");
        assertThat(n.isFactory()).isFalse();
        assertThat(n.typed()).isTrue();
    }

    @Test
    void theFirstDashSeparatesFactoryPidAndName() throws Exception {
        ConfigFileName n = ConfigFileName.parse("org.apache.felix.fileinstall-deploy.cfg");
        assertThat(n.factoryPid()).isEqualTo("org.apache.felix.fileinstall");
        assertThat(n.name()).isEqualTo("deploy");
        assertThat(n.pid()).isEqualTo("org.apache.felix.fileinstall~deploy");
        assertThat(n.typed()).isFalse();

        ConfigFileName two = ConfigFileName.parse("io.fluxmq.listener-mqtt-tls.config");
        assertThat(two.factoryPid()).isEqualTo("io.fluxmq.listener");
        assertThat(two.name()).isEqualTo("mqtt-tls");
    }

    @Test
    void skipsHiddenTemporaryAndOtherFiles() {
        assertThat(ConfigFileName.isCandidate(".io.fluxmq.health.config.tmp")).isFalse();
        assertThat(ConfigFileName.isCandidate(".hidden.config")).isFalse();
        assertThat(ConfigFileName.isCandidate("io.fluxmq.health.config~")).isFalse();
        assertThat(ConfigFileName.isCandidate("README.md")).isFalse();
        assertThat(ConfigFileName.isCandidate("a.cfg")).isTrue();
    }

    @Test
    void rejectsNamesThatAreNoPid() {
        assertThatThrownBy(() -> ConfigFileName.parse(".config")).isInstanceOf(ConfigFileException.class);
        assertThatThrownBy(() -> ConfigFileName.parse("-name.config")).hasMessageContaining("both parts non-empty");
        assertThatThrownBy(() -> ConfigFileName.parse("factory-.config")).hasMessageContaining("both parts non-empty");
        assertThatThrownBy(() -> ConfigFileName.parse("my pid.config")).hasMessageContaining("invalid character");
        assertThatThrownBy(() -> ConfigFileName.parse("a~b.config")).hasMessageContaining("invalid character");
    }
}
