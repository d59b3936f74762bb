package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * StateStore definitions (API 1.2): records a protocol keeps of its own declarations, opaque
 * bytes under a key within a namespace. Namespaces never see each other's records, whatever
 * characters namespaces and keys contain; values are copied in and out.
 */
interface DefinitionConformance extends StateStoreFixture {

    String EXCHANGES = "amqp091/exchanges";
    String QUEUES = "amqp091/queues";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Key to hex value, sorted: maps of arrays compare by identity, these by content. */
    static Map<String, String> hex(Map<String, byte[]> records) {
        Map<String, String> out = new TreeMap<>();
        records.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
        return out;
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(bytes(s));
    }

    default Map<String, String> loaded(String namespace) {
        return hex(await(store().loadDefinitions(namespace)));
    }

    default void put(String namespace, String key, String value) {
        await(store().putDefinition(namespace, key, bytes(value)));
    }

    @Test
    default void definitionsAreLoadedAsTheyWerePut() {
        put(EXCHANGES, "orders", "direct durable");
        put(EXCHANGES, "events", "topic durable");

        assertThat(loaded(EXCHANGES)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "orders", hex("direct durable"), "events", hex("topic durable")));
    }

    @Test
    default void puttingTheSameKeyReplacesTheRecord() {
        put(EXCHANGES, "orders", "direct");
        put(EXCHANGES, "orders", "fanout, a longer record than before");

        assertThat(loaded(EXCHANGES)).containsExactly(Map.entry("orders", hex("fanout, a longer record than before")));
        put(EXCHANGES, "orders", "");
        assertThat(loaded(EXCHANGES)).as("replaced by a shorter, empty record").containsExactly(Map.entry("orders", ""));
    }

    @Test
    default void removeDefinitionRemovesOnlyThatRecord() {
        put(EXCHANGES, "keep", "k");
        put(EXCHANGES, "drop", "d");
        put(QUEUES, "drop", "q");

        await(store().removeDefinition(EXCHANGES, "drop"));

        assertThat(loaded(EXCHANGES)).containsExactly(Map.entry("keep", hex("k")));
        assertThat(loaded(QUEUES)).as("the same key in another namespace").containsExactly(Map.entry("drop", hex("q")));
    }

    @Test
    default void removingAnAbsentDefinitionCompletes() {
        put(EXCHANGES, "keep", "k");

        await(store().removeDefinition(EXCHANGES, "none"));
        await(store().removeDefinition("never/used", "none"));
        await(store().removeDefinition(EXCHANGES, "keep"));
        await(store().removeDefinition(EXCHANGES, "keep"));

        assertThat(loaded(EXCHANGES)).isEmpty();
        assertThat(loaded("never/used")).isEmpty();
    }

    @Test
    default void anUnknownNamespaceLoadsAnEmptyMap() {
        assertThat(await(store().loadDefinitions("nothing/here"))).isNotNull().isEmpty();
        assertThat(await(store().definitionNamespaces())).isEmpty();
    }

    @Test
    default void namespacesAreIsolated() {
        put(EXCHANGES, "x", "exchange");
        put(QUEUES, "x", "queue");

        assertThat(loaded(EXCHANGES)).containsExactly(Map.entry("x", hex("exchange")));
        assertThat(loaded(QUEUES)).containsExactly(Map.entry("x", hex("queue")));
        assertThat(loaded("amqp091")).as("a prefix of the namespaces").isEmpty();
        assertThat(loaded("amqp091/exchange")).as("a prefix of a namespace").isEmpty();
        assertThat(loaded("amqp091/exchangesx")).as("a namespace that extends another").isEmpty();
    }

    @Test
    default void namespaceAndKeyNeverRunIntoEachOther() {
        // Pairs that a store joining namespace and key with a separator, or without lengths, would mix up.
        put("a/b", "c", "1");
        put("a", "b/c", "2");
        put("a:b", "c", "3");
        put("a", "b:c", "4");
        put("ab", "c", "5");
        put("a", "bc", "6");
        put("", "abc", "7");
        put("abc", "", "8");

        assertThat(loaded("a/b")).containsExactly(Map.entry("c", hex("1")));
        assertThat(loaded("a:b")).containsExactly(Map.entry("c", hex("3")));
        assertThat(loaded("ab")).containsExactly(Map.entry("c", hex("5")));
        assertThat(loaded("a")).containsExactlyInAnyOrderEntriesOf(Map.of("b/c", hex("2"), "b:c", hex("4"),
                "bc", hex("6")));
        assertThat(loaded("")).containsExactly(Map.entry("abc", hex("7")));
        assertThat(loaded("abc")).containsExactly(Map.entry("", hex("8")));
        assertThat(await(store().definitionNamespaces())).containsExactlyInAnyOrder("a/b", "a", "a:b", "ab", "", "abc");

        await(store().removeDefinition("a", "b/c"));
        assertThat(loaded("a/b")).as("removing a/b:c from namespace a").containsExactly(Map.entry("c", hex("1")));
    }

    @Test
    default void keysAndNamespacesMayHoldSeparatorsAndAnyUnicode() {
        String ns = "amqp091:bindings/vhost:/ü/日本";
        List<String> keys = List.of("/", ":", "//", "::", "a/b:c", "vhost:/|exchange:amq.topic|queue:q1|key:#",
                "ünïcödé €", "日本語のキー", "emoji \uD83D\uDC07 rabbit", "tab\tnew\nline", "nul\u0000byte", " ",
                "");
        for (int i = 0; i < keys.size(); i++) {
            put(ns, keys.get(i), "record " + i);
        }

        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            expected.put(keys.get(i), hex("record " + i));
        }
        assertThat(loaded(ns)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(await(store().definitionNamespaces())).containsExactly(ns);

        await(store().removeDefinition(ns, "a/b:c"));
        expected.remove("a/b:c");
        assertThat(loaded(ns)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    default void emptyAndBinaryValuesRoundTrip() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        await(store().putDefinition(QUEUES, "empty", new byte[0]));
        await(store().putDefinition(QUEUES, "binary", everyByte));

        Map<String, byte[]> records = await(store().loadDefinitions(QUEUES));
        assertThat(records).containsOnlyKeys("empty", "binary");
        assertThat(records.get("empty")).as("an empty value stays a present, empty record").isNotNull().isEmpty();
        assertThat(records.get("binary")).containsExactly(everyByte);
    }

    @Test
    default void aValueOfTheMaximumSizeIsStoredAndALargerOneRefused() {
        byte[] max = new byte[StateStore.MAX_DEFINITION_BYTES];
        max[0] = 1;
        max[max.length - 1] = 2;
        await(store().putDefinition(QUEUES, "big", max));

        Throwable refused = awaitFailure(store().putDefinition(QUEUES, "big",
                new byte[StateStore.MAX_DEFINITION_BYTES + 1]));
        assertThat(refused).as("a value over " + StateStore.MAX_DEFINITION_BYTES + " bytes")
                .isInstanceOf(StorageException.class);
        assertThat(((StorageException) refused).kind()).isEqualTo(StorageException.Kind.FULL);
        assertThat(awaitFailure(store().putDefinition(QUEUES, "new", new byte[1 << 20])))
                .isInstanceOf(StorageException.class);

        Map<String, byte[]> records = await(store().loadDefinitions(QUEUES));
        assertThat(records).as("a refused put changes nothing").containsOnlyKeys("big");
        assertThat(records.get("big")).containsExactly(max);
    }

    @Test
    default void nullArgumentsFailTheStage() {
        assertThat(awaitFailure(store().putDefinition(null, "k", new byte[0])))
                .isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store().putDefinition(QUEUES, null, new byte[0])))
                .isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store().putDefinition(QUEUES, "k", null))).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store().removeDefinition(null, "k"))).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store().removeDefinition(QUEUES, null))).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store().loadDefinitions(null))).isInstanceOf(NullPointerException.class);

        assertThat(await(store().definitionNamespaces())).isEmpty();
    }

    @Test
    default void theStoreKeepsCopiesOfTheArrays() {
        byte[] value = bytes("original");
        await(store().putDefinition(QUEUES, "q", value));
        value[0] = 'X';
        assertThat(loaded(QUEUES)).as("after the caller changed the array it put")
                .containsExactly(Map.entry("q", hex("original")));

        byte[] loadedValue = await(store().loadDefinitions(QUEUES)).get("q");
        loadedValue[0] = 'Y';
        assertThat(loaded(QUEUES)).as("after the caller changed an array it loaded")
                .containsExactly(Map.entry("q", hex("original")));
    }

    @Test
    default void loadedDefinitionsAreASnapshot() {
        put(QUEUES, "a", "a");
        Map<String, byte[]> loaded = await(store().loadDefinitions(QUEUES));
        List<String> namespaces = await(store().definitionNamespaces());

        put(QUEUES, "b", "b");
        put(EXCHANGES, "e", "e");
        await(store().removeDefinition(QUEUES, "a"));
        assertThat(hex(loaded)).as("a map returned earlier must not follow later writes")
                .containsExactly(Map.entry("a", hex("a")));
        assertThat(namespaces).as("a list returned earlier must not follow later writes").containsExactly(QUEUES);

        clearIfMutable(loaded);
        clearIfMutable(namespaces);
        assertThat(loaded(QUEUES)).as("clearing a returned map must not change the store")
                .containsExactly(Map.entry("b", hex("b")));
        assertThat(await(store().definitionNamespaces())).containsExactlyInAnyOrder(QUEUES, EXCHANGES);
    }

    @Test
    default void definitionNamespacesListsTheNamespacesThatHoldRecords() {
        put(EXCHANGES, "e1", "1");
        put(EXCHANGES, "e2", "2");
        put(QUEUES, "q", "q");
        put("mqtt/other", "x", "x");
        assertThat(await(store().definitionNamespaces())).containsExactlyInAnyOrder(EXCHANGES, QUEUES, "mqtt/other");

        await(store().removeDefinition(QUEUES, "q"));
        await(store().removeDefinition(EXCHANGES, "e1"));
        assertThat(await(store().definitionNamespaces())).as("a namespace whose last record was removed")
                .containsExactlyInAnyOrder(EXCHANGES, "mqtt/other");

        put(QUEUES, "q", "again");
        assertThat(await(store().definitionNamespaces())).containsExactlyInAnyOrder(EXCHANGES, QUEUES, "mqtt/other");
    }

    @Test
    default void writesAreAppliedInCallOrderWithoutWaiting() {
        List<CompletionStage<Void>> stages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stages.add(store().putDefinition(QUEUES, "q", bytes("v" + i)));
            stages.add(store().removeDefinition(QUEUES, "q"));
        }
        stages.add(store().putDefinition(QUEUES, "q", bytes("last")));
        stages.add(store().putDefinition(QUEUES, "gone", bytes("soon")));
        stages.add(store().removeDefinition(QUEUES, "gone"));
        stages.forEach(this::await);

        assertThat(loaded(QUEUES)).containsExactly(Map.entry("q", hex("last")));
    }

    @Test
    default void definitionsDoNotTouchOtherState() {
        givenSession("c");
        put("sessions", "c", "not a session");
        await(store().deleteSession("c"));

        assertThat(loaded("sessions")).containsExactly(Map.entry("c", hex("not a session")));
        assertThat(await(store().loadSessions())).isEmpty();
        assertThat(await(store().loadRetained())).isEmpty();
        assertThat(await(store().loadWills())).isEmpty();
    }
}
