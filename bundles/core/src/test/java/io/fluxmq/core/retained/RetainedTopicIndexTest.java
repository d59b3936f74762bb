package io.fluxmq.core.retained;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RetainedTopicIndexTest {
    private final RetainedTopicIndex<String> index = new RetainedTopicIndex<>();

    private void put(String topic) {
        index.put(TopicName.of(topic), topic);
    }

    private List<String> matching(String filter) {
        return index.matching(TopicFilter.of(filter));
    }

    @Test
    void mqtt_4_7_2_1_wildcardsAtTheFirstLevelSkipDollarTopics() {
        List.of("$SYS/uptime", "$SYS", "a/$SYS", "a").forEach(this::put);

        assertThat(matching("#")).containsExactlyInAnyOrder("a/$SYS", "a");
        assertThat(matching("+")).containsExactly("a");
        assertThat(matching("+/uptime")).isEmpty();
        assertThat(matching("$SYS/#")).containsExactlyInAnyOrder("$SYS/uptime", "$SYS");
        assertThat(matching("$SYS/+")).containsExactly("$SYS/uptime");
        assertThat(matching("a/+")).containsExactly("a/$SYS");
    }

    @Test
    void multiLevelWildcardMatchesTheParentLevel() {
        List.of("a", "a/b", "a/b/c", "ab", "b/a").forEach(this::put);

        assertThat(matching("a/#")).containsExactlyInAnyOrder("a", "a/b", "a/b/c");
        assertThat(matching("a/b/#")).containsExactlyInAnyOrder("a/b", "a/b/c");
    }

    @Test
    void sharePrefixIsIgnoredForMatching() {
        put("a/b");

        assertThat(matching("$share/g/a/+")).containsExactly("a/b");
    }

    @Test
    void updateIsAtomicPerTopicAndClearingAnAbsentTopicCreatesNoNodes() {
        TopicName t = TopicName.of("x/y/z");
        assertThat(index.remove(t)).isNull();
        assertThat(index.nodeCount()).isEqualTo(1);

        index.update(t, old -> old == null ? "1" : old + "1");
        index.update(t, old -> old == null ? "1" : old + "1");

        assertThat(index.get(t)).isEqualTo("11");
        assertThat(index.update(t, old -> null)).isEqualTo("11");
        assertThat(index.nodeCount()).isEqualTo(1);
    }

    /** Writers on topics sharing ancestors prune and recreate the same nodes under each other. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentWritersEndInTheStateTheyEachWrote() throws Exception {
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Map<String, String>> models = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        for (int k = 0; k < 3; k++) {
            Map<String, String> model = new HashMap<>();
            models.add(model);
            String mine = "w" + k;
            Random random = new Random(k);
            threads.add(new Thread(() -> {
                try {
                    for (int op = 0; op < 50_000; op++) {
                        String topic = "x/" + random.nextInt(3) + "/" + mine + (random.nextBoolean() ? "" : "/deep");
                        if (random.nextInt(3) == 0) {
                            assertThat(index.remove(TopicName.of(topic))).isEqualTo(model.remove(topic));
                        } else {
                            String value = topic + "@" + op;
                            assertThat(index.put(TopicName.of(topic), value)).isEqualTo(model.put(topic, value));
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 1_000_000 && writing.get(); i++) {
                    assertThat(index.matching(TopicFilter.of("x/+/#"))).allMatch(v -> v.startsWith("x/"));
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        threads.forEach(Thread::start);
        reader.start();
        for (Thread t : threads) {
            t.join(50_000);
        }
        writing.set(false);
        reader.join(10_000);

        assertThat(failures).isEmpty();
        List<String> expected = models.stream().flatMap(m -> m.values().stream()).toList();
        assertThat(index.matching(TopicFilter.of("#"))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(index.size()).isEqualTo(expected.size());
        models.forEach(m -> m.keySet().forEach(t -> index.remove(TopicName.of(t))));
        assertThat(index.nodeCount()).isEqualTo(1);
    }
}
