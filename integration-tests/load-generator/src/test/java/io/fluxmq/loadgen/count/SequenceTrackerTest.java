package io.fluxmq.loadgen.count;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    @Test
    void inOrderArrivalsAreNeitherLostNorDuplicatedNorLate() {
        SequenceTracker t = new SequenceTracker();
        for (long s = 0; s < 1000; s++) {
            t.record(s);
        }
        assertThat(t.lost(1000)).isZero();
        assertThat(t.duplicates()).isZero();
        assertThat(t.outOfOrder()).isZero();
        assertThat(t.distinct()).isEqualTo(1000);
    }

    @Test
    void aGapIsLostUntilTheMessageArrivesLateThenItIsOutOfOrder() {
        SequenceTracker t = new SequenceTracker();
        t.record(0);
        t.record(2);
        t.record(3);
        assertThat(t.lost(4)).isEqualTo(1);

        t.record(1);
        assertThat(t.lost(4)).isZero();
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.duplicates()).isZero();
    }

    @Test
    void aSecondArrivalIsADuplicateEvenLongAfterTheFirst() {
        SequenceTracker t = new SequenceTracker();
        for (long s = 0; s < 100_000; s++) {
            t.record(s);
        }
        t.record(5);
        t.record(99_999);
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.outOfOrder()).isZero();
        assertThat(t.lost(100_000)).isZero();
    }

    @Test
    void messagesSentButNeverReceivedAtTheEndAreLost() {
        SequenceTracker t = new SequenceTracker();
        t.record(0);
        t.record(1);
        assertThat(t.lost(5)).isEqualTo(3);
    }
}
