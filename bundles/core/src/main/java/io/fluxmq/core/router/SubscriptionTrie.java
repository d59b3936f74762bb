package io.fluxmq.core.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The trie of topic filters, one level per node, that finds a topic's subscribers by walking
 * only the branches that can match: the exact level, '+' and '#'. Routing takes no lock and
 * allocates nothing in the steady state; adding and removing lock single nodes (see
 * {@link io.fluxmq.core.trie.PrunableNode}), and removing prunes the nodes left empty.
 *
 * <p>The walk is iterative with an explicit stack: a valid filter may have some 32,000 levels,
 * deep enough to overflow a thread stack by recursion.
 */
final class SubscriptionTrie {
    private static final ThreadLocal<MatchStack> STACKS = ThreadLocal.withInitial(MatchStack::new);

    private final FilterNode root = new FilterNode(null, "");

    /**
     * Adds the entry, or replaces the same subscriber's entry for the same filter.
     *
     * @return the entry replaced, or null when the entry is new
     */
    SubscriptionEntry add(SubscriptionEntry entry) {
        TopicFilter filter = entry.subscription().filter();
        while (true) {
            FilterNode node = leafForWrite(filter);
            if (node == null) {
                continue; // a node on the way was pruned meanwhile
            }
            synchronized (node) {
                if (!node.isDetached()) {
                    return node.add(entry);
                }
            }
        }
    }

    /** @return whether the subscriber had that filter */
    boolean remove(String subscriberId, TopicFilter filter) {
        FilterNode node = root;
        for (int i = 0; i < filter.levelCount() && node != null; i++) {
            node = node.childAt(filter.level(i));
        }
        if (node == null) {
            return false;
        }
        boolean removed;
        synchronized (node) {
            // A detached node holds nothing: it was pruned because it was empty.
            removed = !node.isDetached() && node.remove(subscriberId, filter.shareGroup());
        }
        if (removed) {
            node.pruneUpwards();
        }
        return removed;
    }

    private FilterNode leafForWrite(TopicFilter filter) {
        FilterNode node = root;
        for (int i = 0; i < filter.levelCount() && node != null; i++) {
            node = node.childForWrite(filter.level(i));
        }
        return node;
    }

    /**
     * Delivers the message to every matching subscription. <b>Thread:</b> any publisher.
     *
     * @return the number of deliveries
     */
    int route(Message message, String publisherId) {
        MatchStack stack = STACKS.get();
        if (stack.inUse) {
            stack = new MatchStack(); // a subscriber published from inside deliver()
        }
        stack.inUse = true;
        try {
            return match(message, publisherId, stack);
        } finally {
            stack.clear();
            stack.inUse = false;
        }
    }

    private int match(Message message, String publisherId, MatchStack stack) {
        TopicName topic = message.topic();
        int levels = topic.levelCount();
        boolean system = topic.isSystem();
        int count = 0;
        stack.push(root, 0);
        while (stack.size > 0) {
            int depth = stack.topDepth();
            FilterNode node = stack.pop();
            // MQTT-4.7.2-1: a filter starting with a wildcard does not match a topic starting with '$'.
            boolean wildcards = depth > 0 || !system;
            FilterNode hash = node.hashChild();
            if (hash != null && wildcards) {
                // '#' matches the remaining levels, and also the parent level alone ("a/#" matches "a").
                count += hash.subscribers().deliver(message, publisherId);
            }
            if (depth == levels) {
                count += node.subscribers().deliver(message, publisherId);
                continue;
            }
            FilterNode plus = node.plusChild();
            if (plus != null && wildcards) {
                stack.push(plus, depth + 1);
            }
            FilterNode exact = node.exactChild(topic.level(depth));
            if (exact != null) {
                stack.push(exact, depth + 1);
            }
        }
        return count;
    }

    /** Nodes in the trie including the root; for tests of pruning. Not atomic. */
    int nodeCount() {
        int n = 0;
        Deque<FilterNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            FilterNode node = todo.pop();
            n++;
            if (node.plusChild() != null) {
                todo.push(node.plusChild());
            }
            if (node.hashChild() != null) {
                todo.push(node.hashChild());
            }
            node.forEachExactChild(todo::push);
        }
        return n;
    }

    /** Per-thread work stack of the match walk, reused so that routing does not allocate. */
    private static final class MatchStack {
        FilterNode[] nodes = new FilterNode[16];
        int[] depths = new int[16];
        int size;
        boolean inUse;

        void push(FilterNode node, int depth) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                depths = Arrays.copyOf(depths, size * 2);
            }
            nodes[size] = node;
            depths[size] = depth;
            size++;
        }

        int topDepth() {
            return depths[size - 1];
        }

        FilterNode pop() {
            FilterNode node = nodes[--size];
            nodes[size] = null; // keep no pruned node reachable from a thread-local
            return node;
        }

        void clear() {
            while (size > 0) {
                pop();
            }
            if (nodes.length > 1024) {
                // One very deep topic must not pin a large stack to the thread for good.
                nodes = new FilterNode[16];
                depths = new int[16];
            }
        }
    }
}
