package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The size ring grows, leaves gaps at 0 and forgets a truncated prefix. */
class LogSizesTest {

    @Test
    void totalFollowsRecordsAndTruncations() {
        LogSizes sizes = new LogSizes(10);
        for (long offset = 10; offset < 210; offset++) {
            sizes.record(offset, 3);
        }
        assertThat(sizes.total()).isEqualTo(600);
        sizes.truncateBefore(110);
        assertThat(sizes.total()).isEqualTo(300);
        sizes.record(5, 100);
        assertThat(sizes.total()).as("below the first offset: ignored").isEqualTo(300);
        sizes.record(212, 7);
        assertThat(sizes.total()).as("a gap at 210 and 211 counts 0").isEqualTo(307);
        sizes.record(210, 1);
        assertThat(sizes.total()).isEqualTo(308);
        sizes.truncateBefore(1_000);
        assertThat(sizes.total()).isZero();
        sizes.record(1_000, 9);
        assertThat(sizes.total()).isEqualTo(9);
    }
}
