package io.fluxmq.loadgen.count;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.loadgen.measure.JsonLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryCountsTest {

    @Test
    void eachSubscriberMustGetEveryMessageOfEachPublisher() {
        SequenceTracker complete = new SequenceTracker();
        SequenceTracker missingTwo = new SequenceTracker();
        for (long s = 0; s < 10; s++) {
            complete.record(s);
            if (s != 3 && s != 7) {
                missingTwo.record(s);
            }
        }
        missingTwo.record(8);

        DeliveryCounts counts = new DeliveryCounts();
        counts.add(0, 10, List.of(complete, missingTwo));

        assertThat(counts.sent()).isEqualTo(10);
        assertThat(counts.lost()).isEqualTo(2);
        assertThat(counts.duplicates()).isEqualTo(1);
        assertThat(counts.received()).isEqualTo(10 + 9);
        JsonLine json = new JsonLine();
        counts.writeTo(json);
        assertThat(json.toString()).contains("\"lost\":2", "\"per_publisher\":[{\"publisher\":0,\"sent\":10");
    }
}
