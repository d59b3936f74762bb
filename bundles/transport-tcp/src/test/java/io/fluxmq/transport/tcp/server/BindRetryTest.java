package io.fluxmq.transport.tcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BindRetryTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BindRetry retry = new BindRetry(now::get);

    @Test
    void delayStartsAtOneSecondAndDoublesUpToThirtySeconds() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(retry.failed());
        }
        assertThat(delays).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
        retry.reset();
        assertThat(retry.failed()).as("a new failure after binding starts over").isEqualTo(1_000L);
    }

    @Test
    void theFirstFailureIsLoggedThenOneReminderPerPeriod() {
        List<BindRetry.Log> logs = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // 30 attempts, 30 s apart: 15 minutes
            long delay = retry.failed();
            logs.add(retry.logNow());
            now.addAndGet(delay);
        }
        assertThat(logs.get(0)).isEqualTo(BindRetry.Log.FIRST);
        assertThat(logs.stream().filter(l -> l == BindRetry.Log.REMINDER).count()).isBetween(2L, 3L);
        assertThat(retry.attempts()).isEqualTo(30);
    }
}
