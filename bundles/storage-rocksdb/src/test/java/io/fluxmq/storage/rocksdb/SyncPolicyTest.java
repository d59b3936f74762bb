package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.SessionState;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each sync policy writes with the right WriteOptions, and what it acknowledged is there after a reopen. */
class SyncPolicyTest {

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void everyPolicyKeepsAcknowledgedWritesAcrossAReopen(SyncPolicy policy, @TempDir Path dir) {
        Set<Boolean> syncFlags = ConcurrentHashMap.newKeySet();
        RocksDbEnvironment env = new RocksDbEnvironment(Settings.defaults(dir, policy), sink -> (options, batch) -> {
            syncFlags.add(options.sync());
            sink.write(options, batch);
        });
        RocksDbStateStore state = new RocksDbStateStore(env);
        RocksDbLogStore log = new RocksDbLogStore(env);
        SessionState session = new SessionState("c", "mqtt", 5, 60, 0);
        await(state.saveSession(session));
        for (int i = 0; i < 5; i++) {
            assertThat(await(log.append("q", TestMessages.simple("q/t", "m" + i)))).isEqualTo(i);
        }
        long sequence = await(state.enqueueOffline("c", TestMessages.full("offline/t")));
        assertThat(syncFlags).as("WriteOptions.sync under %s", policy).containsExactly(policy != SyncPolicy.NONE);
        state.close();
        log.close();
        env.close();

        RocksDbEnvironment reopened = Fixtures.open(dir, policy);
        try {
            RocksDbStateStore state2 = new RocksDbStateStore(reopened);
            RocksDbLogStore log2 = new RocksDbLogStore(reopened);
            assertThat(await(state2.loadSession("c"))).contains(session);
            assertThat(await(state2.peekOffline("c", 10))).singleElement()
                    .satisfies(s -> assertThat(s.sequence()).isEqualTo(sequence));
            assertThat(log2.nextOffset("q")).isEqualTo(5);
            assertThat(await(log2.read("q", 0, 10))).extracting(e -> e.message().payloadAsString())
                    .containsExactlyElementsOf(List.of("m0", "m1", "m2", "m3", "m4"));
        } finally {
            reopened.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void syncPolicyParsesItsConfigurationValue(SyncPolicy policy) {
        assertThat(SyncPolicy.parse(policy.configValue())).isEqualTo(policy);
        assertThat(SyncPolicy.parse(" " + policy.configValue().toUpperCase() + " ")).isEqualTo(policy);
    }
}
