package io.fluxmq.core.retained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreBackedRetainedMessagesTest {
    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(T0);
    private final StoreBackedRetainedMessages retained = new StoreBackedRetainedMessages(now::get);

    private static Message retainedMsg(String topic, String payload) {
        return Message.builder(topic).payload(payload).retain(true).createdAtMillis(T0).build();
    }

    private List<String> payloadsMatching(String filter) {
        return retained.matching(TopicFilter.of(filter)).stream().map(Message::payloadAsString).toList();
    }

    private static Throwable failureOf(CompletionStage<Void> stage) {
        return catchThrowable(() -> stage.toCompletableFuture().join());
    }

    @Test
    void withoutAStoreRetainFailsAsUnavailable() {
        Throwable failure = failureOf(retained.retain(retainedMsg("a", "1")));

        assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(StorageException.class);
        assertThat(((StorageException) failure.getCause()).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
        assertThat(retained.count()).isZero();
    }

    @Test
    void retainPersistsAndIndexes() {
        RetainedOnlyStateStore store = new RetainedOnlyStateStore("memory");
        retained.bindStorage(store);

        retained.retain(retainedMsg("a/b", "1")).toCompletableFuture().join();
        retained.retain(retainedMsg("a/b", "2")).toCompletableFuture().join();

        assertThat(store.retained.get(TopicName.of("a/b")).payloadAsString()).isEqualTo("2");
        assertThat(payloadsMatching("a/+")).containsExactly("2");
        assertThat(retained.get(TopicName.of("a/b"))).map(Message::payloadAsString).contains("2");
        assertThat(retained.count()).isEqualTo(1);
    }

    @Test
    void mqtt_3_3_1_6_anEmptyPayloadClearsTheTopic() {
        RetainedOnlyStateStore store = new RetainedOnlyStateStore("memory", retainedMsg("a/b", "1"));
        retained.bindStorage(store);

        retained.retain(Message.builder("a/b").retain(true).build()).toCompletableFuture().join();

        assertThat(store.retained).isEmpty();
        assertThat(payloadsMatching("#")).isEmpty();
        assertThat(retained.get(TopicName.of("a/b"))).isEmpty();
        assertThat(retained.count()).isZero();
    }

    @Test
    void expiredMessagesAreLeftOut() {
        retained.bindStorage(new RetainedOnlyStateStore("memory"));
        retained.retain(Message.builder("a").payload("short").createdAtMillis(T0).expiryIntervalSeconds(10).build());
        retained.retain(retainedMsg("b", "forever"));

        now.set(T0 + 9_999);
        assertThat(payloadsMatching("#")).containsExactlyInAnyOrder("short", "forever");

        now.set(T0 + 10_000);
        assertThat(payloadsMatching("#")).containsExactly("forever");
        assertThat(retained.get(TopicName.of("a"))).isEmpty();
    }

    @Test
    void mqtt_4_7_2_1_dollarTopicsNeedAnExplicitFirstLevel() {
        retained.bindStorage(new RetainedOnlyStateStore("memory", retainedMsg("$SYS/uptime", "up")));

        assertThat(payloadsMatching("#")).isEmpty();
        assertThat(payloadsMatching("+/uptime")).isEmpty();
        assertThat(payloadsMatching("$SYS/#")).containsExactly("up");
    }

    @Test
    void rebindingToAnotherStoreRebuildsTheIndexFromIt() {
        RetainedOnlyStateStore first = new RetainedOnlyStateStore("memory", retainedMsg("old", "1"));
        RetainedOnlyStateStore second = new RetainedOnlyStateStore("rocksdb", retainedMsg("new", "2"));
        retained.bindStorage(first);
        retained.retain(retainedMsg("also-old", "3"));

        // A greedy dynamic reference binds the replacement before unbinding the old store.
        retained.bindStorage(second);
        retained.unbindStorage(first);

        assertThat(payloadsMatching("#")).containsExactly("2");
        retained.retain(retainedMsg("x", "4")).toCompletableFuture().join();
        assertThat(second.retained).containsKey(TopicName.of("x"));
        assertThat(first.retained).doesNotContainKey(TopicName.of("x"));
    }

    @Test
    void retainsDuringTheLoadWinOverWhatTheLoadBrings() {
        RetainedOnlyStateStore store = new RetainedOnlyStateStore("rocksdb");
        store.pendingLoad = new CompletableFuture<>();
        retained.bindStorage(store);

        retained.retain(retainedMsg("t", "new"));
        retained.retain(Message.builder("u").retain(true).build()); // clears u
        store.pendingLoad.complete(List.of(retainedMsg("t", "stale"), retainedMsg("u", "stale"),
                retainedMsg("v", "loaded")));

        assertThat(payloadsMatching("#")).containsExactlyInAnyOrder("new", "loaded");
    }

    @Test
    void aLateLoadOfAReplacedStoreDoesNotLeakIntoTheCurrentIndex() {
        RetainedOnlyStateStore slow = new RetainedOnlyStateStore("slow");
        slow.pendingLoad = new CompletableFuture<>();
        retained.bindStorage(slow);
        retained.bindStorage(new RetainedOnlyStateStore("memory", retainedMsg("a", "current")));
        retained.unbindStorage(slow);

        slow.pendingLoad.complete(List.of(retainedMsg("b", "from-slow")));

        assertThat(payloadsMatching("#")).containsExactly("current");
    }

    @Test
    void withTheStoreGoneLookupsGoOnButRetainIsRefused() {
        RetainedOnlyStateStore store = new RetainedOnlyStateStore("memory", retainedMsg("a", "1"));
        retained.bindStorage(store);
        retained.unbindStorage(store);

        assertThat(payloadsMatching("#")).containsExactly("1");
        assertThat(failureOf(retained.retain(retainedMsg("b", "2")))).cause().isInstanceOf(StorageException.class);
        assertThat(payloadsMatching("#")).containsExactly("1");
    }

    @Test
    void aFailedStoreWriteFailsTheStage() {
        RetainedOnlyStateStore store = new RetainedOnlyStateStore("memory");
        retained.bindStorage(store);
        StorageException full = new StorageException(StorageException.Kind.FULL, "disk full");
        store.writeFailure = full;

        assertThat(failureOf(retained.retain(retainedMsg("a", "1")))).cause().isSameAs(full);
    }

    @Test
    void aFailedLoadLeavesTheServiceWorkingForNewRetains() {
        RetainedOnlyStateStore store = new RetainedOnlyStateStore("rocksdb");
        store.pendingLoad = CompletableFuture.failedFuture(new StorageException(StorageException.Kind.CORRUPT, "bad"));
        retained.bindStorage(store);

        retained.retain(retainedMsg("a", "1")).toCompletableFuture().join();

        assertThat(payloadsMatching("#")).containsExactly("1");
    }
}
