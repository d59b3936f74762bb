package io.fluxmq.core.retained;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random puts and removes of topics over a small alphabet of levels, then random filters: the
 * index must answer what a scan of every topic with {@link TopicFilter#matches} answers.
 */
class RetainedTopicIndexProperties {
    private static final List<String> LEVELS = List.of("", "a", "b", "$SYS", "$x");

    record Write(String topic, boolean remove) {
    }

    @Property(tries = 500)
    void indexAnswersWhatABruteForceScanAnswers(@ForAll("writes") List<Write> writes,
            @ForAll("filters") List<String> filters) {
        RetainedTopicIndex<String> index = new RetainedTopicIndex<>();
        Map<String, String> model = new TreeMap<>();
        int version = 0;
        for (Write w : writes) {
            TopicName topic = TopicName.of(w.topic());
            String value = w.topic() + "#" + version++;
            String previous = w.remove() ? model.remove(w.topic()) : model.put(w.topic(), value);
            String returned = w.remove() ? index.remove(topic) : index.put(topic, value);
            assertThat(returned).isEqualTo(previous);
        }
        assertThat(index.size()).isEqualTo(model.size());
        model.forEach((topic, value) -> assertThat(index.get(TopicName.of(topic))).isEqualTo(value));

        for (String text : filters) {
            TopicFilter filter = TopicFilter.of(text);
            List<String> expected = model.entrySet().stream()
                    .filter(e -> filter.matches(TopicName.of(e.getKey()))).map(Map.Entry::getValue).toList();
            assertThat(index.matching(filter)).as("matching %s", filter).containsExactlyInAnyOrderElementsOf(expected);
        }

        model.keySet().forEach(t -> index.remove(TopicName.of(t)));
        assertThat(index.size()).isZero();
        assertThat(index.nodeCount()).as("every node pruned").isEqualTo(1);
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        Arbitrary<String> topic = Arbitraries.of(LEVELS).list().ofMinSize(1).ofMaxSize(4)
                .map(levels -> String.join("/", levels)).filter(TopicName::isValid);
        return Combinators.combine(topic, Arbitraries.integers().between(0, 3))
                .as((t, dice) -> new Write(t, dice == 0)).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> filters() {
        List<String> filterLevels = new ArrayList<>(LEVELS);
        filterLevels.add("+");
        return Combinators.combine(Arbitraries.of(filterLevels).list().ofMaxSize(4), Arbitraries.of(true, false))
                .as((levels, hash) -> {
                    List<String> all = new ArrayList<>(levels);
                    if (hash) {
                        all.add("#");
                    }
                    return String.join("/", all);
                })
                .filter(TopicFilter::isValid).list().ofMinSize(1).ofMaxSize(10);
    }
}
