package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.StorageException.Kind;
import io.fluxmq.storage.conformance.MessageAssertions;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.codec.CorruptRecordException;
import io.fluxmq.storage.rocksdb.codec.Keys;
import io.fluxmq.storage.rocksdb.codec.StateCodec;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value layout: every message property round-trips, and damaged bytes are reported, never misread. */
class CodecTest {

    @Test
    void everyMessageVariantRoundTrips() {
        for (Map.Entry<String, Message> e : TestMessages.variants("codec").entrySet()) {
            byte[] value = StateCodec.message(e.getValue());
            assertThat(value[0]).as("format version byte").isEqualTo((byte) StateCodec.VERSION);
            MessageAssertions.assertSameMessage(e.getKey(), StateCodec.message(value, "test"), e.getValue());
        }
    }

    @Test
    void everyTruncationIsReportedAsCorrupt() {
        byte[] value = StateCodec.message(TestMessages.full("codec/full"));
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThatThrownBy(() -> StateCodec.message(truncated, "truncated"))
                    .as("value cut to %d of %d bytes", length, value.length)
                    .isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void anUnknownFormatVersionIsReportedAsCorrupt() {
        byte[] value = StateCodec.message(TestMessages.simple("codec/t", "x"));
        value[0] = 2;
        assertThatThrownBy(() -> StateCodec.message(value, "future")).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("format version 2");
    }

    @Test
    void aHugeLengthDoesNotAllocate() {
        // flags, createdAt, expiry, then a topic length of 2^28: must fail on the length, not allocate it.
        byte[] value = new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1, -1, -1, -1, -1, -1, -1, -1, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, 1};
        assertThatThrownBy(() -> StateCodec.message(value, "huge")).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("needs 268435456 more bytes");
    }

    @Test
    void aDamagedStoredValueFailsTheReadWithCorrupt(@TempDir Path dir) {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        try {
            RocksDbStateStore store = new RocksDbStateStore(env);
            await(env.write("damage", batch -> {
                batch.put(env.handle(ColumnFamily.SESSIONS), Keys.of("c"), new byte[] {1, 9});
                return null;
            }));
            assertThat(Fixtures.failure(store.loadSession("c")).kind()).isEqualTo(Kind.CORRUPT);
            assertThat(Fixtures.failure(store.loadSessions()).kind()).isEqualTo(Kind.CORRUPT);
        } finally {
            env.close();
        }
    }

    @Test
    void keyPrefixesOfOneClientNeverCoverAnother() {
        byte[] ab = Keys.of("ab");
        assertThat(Keys.hasPrefix(Keys.of("abc", 1L), ab)).isFalse();
        assertThat(Keys.hasPrefix(Keys.of("ab", 1L), ab)).isTrue();
        assertThat(Arrays.compare(Keys.of("abc", 0L), Keys.prefixEnd(ab)) >= 0
                || Arrays.compare(Keys.of("abc", 0L), ab) < 0).as("abc's keys are outside [ab, end(ab))").isTrue();
    }
}
