package io.fluxmq.core.retained;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A trie of topic names, one level per node, holding a value per topic: it answers "which topics
 * does this filter match" by walking only the branches the filter allows, not every topic. It is
 * the reverse of the subscription trie: there the stored keys have wildcards, here the query does.
 *
 * <p>Thread-safe. Reads take no lock; a write locks the topic's node only, and a topic left
 * without value is pruned (see {@link io.fluxmq.core.trie.PrunableNode}). Retained publishes can
 * be as frequent as plain ones in telemetry, so writers to different topics must not queue on one
 * lock.
 *
 * @param <V> the value kept per topic
 */
public final class RetainedTopicIndex<V> {
    private final TopicNode<V> root = new TopicNode<>(null, "");
    private final AtomicInteger size = new AtomicInteger();

    /** The topic's value, or null. */
    public V get(TopicName topic) {
        TopicNode<V> node = find(topic);
        return node == null ? null : node.value;
    }

    /** Sets the topic's value; returns the previous one or null. */
    public V put(TopicName topic, V value) {
        return update(topic, old -> value);
    }

    /** Clears the topic; returns the previous value or null. */
    public V remove(TopicName topic) {
        return update(topic, old -> null);
    }

    /**
     * Replaces the topic's value by {@code change.apply(current)} atomically with respect to other
     * writes of the same topic; a null result clears it. {@code change} must have no side effects:
     * it may be called more than once.
     *
     * @return the value before the change, or null
     */
    public V update(TopicName topic, UnaryOperator<V> change) {
        while (true) {
            TopicNode<V> node = find(topic);
            if (node == null) {
                if (change.apply(null) == null) {
                    return null; // clearing an absent topic must not grow the trie
                }
                node = nodeForWrite(topic);
                if (node == null) {
                    continue; // a node on the way was pruned meanwhile
                }
            }
            V old;
            V now;
            synchronized (node) {
                if (node.isDetached()) {
                    continue;
                }
                old = node.value;
                now = change.apply(old);
                node.value = now;
            }
            if (old == null && now != null) {
                size.incrementAndGet();
            } else if (old != null && now == null) {
                size.decrementAndGet();
            }
            if (now == null) {
                node.pruneUpwards();
            }
            return old;
        }
    }

    /** Number of topics with a value. */
    public int size() {
        return size.get();
    }

    /** The values of the topics the filter matches, '$' rule included; see {@link #forEachMatch}. */
    public List<V> matching(TopicFilter filter) {
        List<V> out = new ArrayList<>();
        forEachMatch(filter, out::add);
        return out;
    }

    /**
     * Calls the action with the value of every topic that the filter (its share prefix ignored)
     * matches, as {@link TopicFilter#matches} defines it. Weakly consistent: a topic written
     * during the walk may or may not be seen.
     */
    public void forEachMatch(TopicFilter filter, Consumer<? super V> action) {
        Deque<Step<V>> todo = new ArrayDeque<>();
        todo.push(new Step<>(root, 0));
        int levels = filter.levelCount();
        while (!todo.isEmpty()) {
            Step<V> step = todo.pop();
            TopicNode<V> node = step.node;
            int depth = step.depth;
            if (depth == levels) {
                accept(node, action);
                continue;
            }
            String level = filter.level(depth);
            if (level.equals("#")) {
                accept(node, action); // "a/#" matches "a" too
                visitBelow(node, depth == 0, action);
            } else if (level.equals("+")) {
                for (TopicNode<V> child : node.children()) {
                    if (depth > 0 || !isSystem(child)) {
                        todo.push(new Step<>(child, depth + 1));
                    }
                }
            } else {
                TopicNode<V> child = node.childAt(level);
                if (child != null) {
                    todo.push(new Step<>(child, depth + 1));
                }
            }
        }
    }

    /** Every value below the node; below the root, not those of '$' topics (MQTT-4.7.2-1). */
    private static <V> void visitBelow(TopicNode<V> top, boolean atRoot, Consumer<? super V> action) {
        Deque<TopicNode<V>> todo = new ArrayDeque<>();
        for (TopicNode<V> child : top.children()) {
            if (!atRoot || !isSystem(child)) {
                todo.push(child);
            }
        }
        while (!todo.isEmpty()) {
            TopicNode<V> node = todo.pop();
            accept(node, action);
            node.children().forEach(todo::push);
        }
    }

    private static boolean isSystem(TopicNode<?> firstLevel) {
        return firstLevel.level().startsWith("$");
    }

    private static <V> void accept(TopicNode<V> node, Consumer<? super V> action) {
        V value = node.value;
        if (value != null) {
            action.accept(value);
        }
    }

    /** Nodes including the root, for tests of pruning. */
    int nodeCount() {
        int n = 0;
        Deque<TopicNode<V>> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            n++;
            todo.pop().children().forEach(todo::push);
        }
        return n;
    }

    private TopicNode<V> find(TopicName topic) {
        TopicNode<V> node = root;
        for (int i = 0; i < topic.levelCount() && node != null; i++) {
            node = node.childAt(topic.level(i));
        }
        return node;
    }

    private TopicNode<V> nodeForWrite(TopicName topic) {
        TopicNode<V> node = root;
        for (int i = 0; i < topic.levelCount() && node != null; i++) {
            node = node.childForWrite(topic.level(i));
        }
        return node;
    }

    private record Step<V>(TopicNode<V> node, int depth) {
    }
}
