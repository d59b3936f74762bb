package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void sameContentIsSameWhateverTheContainer() {
        assertThat(ConfigValues.same(Map.of("a", new int[] {1, 2}), Map.of("a", new Integer[] {1, 2}))).isTrue();
        assertThat(ConfigValues.same(Map.of("a", List.of("x")), Map.of("a", new Vector<>(List.of("x"))))).isTrue();
        assertThat(ConfigValues.same(Map.of("f", Float.NaN), Map.of("f", Float.NaN))).isTrue();
    }

    @Test
    void detectsChangedValuesTypesAndKeys() {
        assertThat(ConfigValues.same(Map.of("a", "1"), Map.of("a", "2"))).isFalse();
        assertThat(ConfigValues.same(Map.of("a", "1"), Map.of("a", 1))).isFalse();
        assertThat(ConfigValues.same(Map.of("a", 1), Map.of("a", 1L))).isFalse();
        assertThat(ConfigValues.same(Map.of("a", new String[] {"x"}), Map.of("a", List.of("x")))).isFalse();
        assertThat(ConfigValues.same(Map.of("a", new String[] {"x", "y"}), Map.of("a", new String[] {"y", "x"}))).isFalse();
        assertThat(ConfigValues.same(Map.of("a", "1"), Map.of("a", "1", "b", "2"))).isFalse();
    }

    @Test
    void ignoresWhatConfigurationAdminAndTheWatcherAdd() {
        Hashtable<String, Object> inCm = new Hashtable<>(Map.of("a", "1", "service.pid", "p", "service.factoryPid", "f",
                "service.bundleLocation", "?", ConfigValues.FILE_MARKER, "p.config"));
        assertThat(ConfigValues.relevantOf(inCm)).isEqualTo(Map.of("a", "1"));
        assertThat(ConfigValues.same(ConfigValues.relevantOf(inCm), Map.of("a", "1"))).isTrue();
        assertThat(ConfigValues.relevantOf(null)).isEmpty();
    }
}
