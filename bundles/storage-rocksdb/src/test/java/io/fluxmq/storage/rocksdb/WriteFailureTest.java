package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static io.fluxmq.storage.rocksdb.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StorageException.Kind;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.StorageErrors;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Write failures as RocksDB reports them (injected in front of the database): the stages fail with
 * the matching kind, the store stays open, and once writes succeed again nothing is out of step:
 * offsets and sequence numbers of failed writes are handed out again, without gaps.
 */
class WriteFailureTest {
    @TempDir
    Path dir;
    private final AtomicReference<Status> failWith = new AtomicReference<>();
    private RocksDbEnvironment env;
    private RocksDbStateStore state;
    private RocksDbLogStore log;

    @BeforeEach
    void open() {
        env = new RocksDbEnvironment(Settings.defaults(dir, SyncPolicy.BATCH), sink -> (options, batch) -> {
            Status status = failWith.get();
            if (status != null) {
                throw new RocksDBException(status.getState(), status);
            }
            sink.write(options, batch);
        });
        state = new RocksDbStateStore(env);
        log = new RocksDbLogStore(env);
    }

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void noSpaceFailsWithFullAndTheStoreRecoversWithoutGaps() {
        assertThat(await(log.append("q", TestMessages.simple("q/t", "0")))).isZero();
        long firstSequence = await(state.enqueueOffline("c", TestMessages.simple("o/t", "a")));

        failWith.set(new Status(Status.Code.IOError, Status.SubCode.NoSpace,
                "While appending to file: 000004.log: No space left on device"));
        assertThat(failure(log.append("q", TestMessages.simple("q/t", "lost"))).kind()).isEqualTo(Kind.FULL);
        assertThat(failure(state.enqueueOffline("c", TestMessages.simple("o/t", "lost"))).kind()).isEqualTo(Kind.FULL);
        assertThat(failure(state.saveSession(new SessionState("s", "mqtt", 5, 0, 0))).kind()).isEqualTo(Kind.FULL);
        assertThat(log.nextOffset("q")).as("a failed append does not move nextOffset").isEqualTo(1);
        assertThat(await(log.read("q", 0, 10))).as("reads go on while writes fail").hasSize(1);

        failWith.set(null);
        assertThat(await(log.append("q", TestMessages.simple("q/t", "1")))).as("offset after recovery").isEqualTo(1);
        assertThat(await(state.enqueueOffline("c", TestMessages.simple("o/t", "b"))))
                .as("sequence after recovery").isEqualTo(firstSequence + 1);
        assertThat(await(log.read("q", 0, 10))).extracting(e -> e.message().payloadAsString()).containsExactly("0", "1");
        assertThat(await(state.peekOffline("c", 10))).extracting(s -> s.message().payloadAsString())
                .containsExactly("a", "b");
    }

    @Test
    void otherIoErrorsFailWithIo() {
        failWith.set(new Status(Status.Code.IOError, Status.SubCode.None, "While fdatasync: Input/output error"));

        assertThat(failure(log.append("q", TestMessages.simple("q/t", "x"))).kind()).isEqualTo(Kind.IO);

        failWith.set(null);
        assertThat(await(log.append("q", TestMessages.simple("q/t", "y")))).isZero();
    }

    @Test
    void aDeletedSessionInAFailedBatchDoesNotResetSequencesThatWereWritten() {
        await(state.enqueueOffline("c", TestMessages.simple("o/t", "1")));
        long second = await(state.enqueueOffline("c", TestMessages.simple("o/t", "2")));
        failWith.set(new Status(Status.Code.IOError, Status.SubCode.None, "boom"));
        failure(state.deleteSession("c"));
        failWith.set(null);

        assertThat(await(state.enqueueOffline("c", TestMessages.simple("o/t", "3")))).isEqualTo(second + 1);
        assertThat(await(state.offlineCount("c"))).isEqualTo(3L);
    }

    @Test
    void statusesMapToKinds() {
        assertThat(StorageErrors.kindOf(new RocksDBException("x", new Status(Status.Code.IOError, Status.SubCode.NoSpace, "x"))))
                .isEqualTo(Kind.FULL);
        assertThat(StorageErrors.kindOf(new RocksDBException("IO error: No space left on device")))
                .as("a status without sub-code, recognised by the OS message").isEqualTo(Kind.FULL);
        assertThat(StorageErrors.kindOf(new RocksDBException("x", new Status(Status.Code.Corruption, Status.SubCode.None, "x"))))
                .isEqualTo(Kind.CORRUPT);
        assertThat(StorageErrors.kindOf(new RocksDBException("x", new Status(Status.Code.IOError, Status.SubCode.None, "EIO"))))
                .isEqualTo(Kind.IO);
    }
}
