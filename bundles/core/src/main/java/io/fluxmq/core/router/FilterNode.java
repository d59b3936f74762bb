package io.fluxmq.core.router;

import io.fluxmq.core.trie.PrunableNode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A node of the subscription trie: one filter level, with the subscriptions whose filter ends
 * here. The wildcard children have fields of their own so that matching a topic level costs one
 * map lookup (the exact level) and two field reads, not three lookups. Locking follows
 * {@link PrunableNode}.
 */
final class FilterNode extends PrunableNode<FilterNode> {
    /** Created on the first exact child: most nodes are leaves and never need one. */
    private volatile ConcurrentHashMap<String, FilterNode> exact;
    private volatile FilterNode plus;
    private volatile FilterNode hash;
    private volatile NodeSubscribers subscribers = NodeSubscribers.EMPTY;

    FilterNode(FilterNode parent, String level) {
        super(parent, level);
    }

    /** The child for a topic level (never a wildcard), or null. Lock-free. */
    FilterNode exactChild(String level) {
        ConcurrentHashMap<String, FilterNode> m = exact;
        return m == null ? null : m.get(level);
    }

    FilterNode plusChild() {
        return plus;
    }

    FilterNode hashChild() {
        return hash;
    }

    void forEachExactChild(Consumer<FilterNode> action) {
        ConcurrentHashMap<String, FilterNode> m = exact;
        if (m != null) {
            m.values().forEach(action);
        }
    }

    NodeSubscribers subscribers() {
        return subscribers;
    }

    /**
     * Adds or replaces the subscriber's entry. Caller holds this node's lock and has checked that
     * it is not detached.
     *
     * @return the entry replaced, or null
     */
    SubscriptionEntry add(SubscriptionEntry entry) {
        String group = entry.subscription().filter().shareGroup();
        SubscriptionEntry previous = subscribers.find(entry.subscriberId(), group);
        subscribers = subscribers.with(entry);
        return previous;
    }

    /** Removes the subscriber's entry; caller holds this node's lock. @return whether it was here */
    boolean remove(String subscriberId, String group) {
        if (subscribers.find(subscriberId, group) == null) {
            return false;
        }
        subscribers = subscribers.without(subscriberId, group);
        return true;
    }

    @Override
    protected FilterNode childAt(String level) {
        if (isPlus(level)) {
            return plus;
        }
        if (isHash(level)) {
            return hash;
        }
        return exactChild(level);
    }

    @Override
    protected FilterNode newChild(String level) {
        return new FilterNode(this, level);
    }

    @Override
    protected void attachChild(String level, FilterNode child) {
        if (isPlus(level)) {
            plus = child;
        } else if (isHash(level)) {
            hash = child;
        } else {
            ConcurrentHashMap<String, FilterNode> m = exact;
            if (m == null) {
                m = new ConcurrentHashMap<>(2);
                exact = m;
            }
            m.put(level, child);
        }
    }

    @Override
    protected void detachChild(String level, FilterNode child) {
        if (isPlus(level)) {
            plus = null;
        } else if (isHash(level)) {
            hash = null;
        } else {
            exact.remove(level, child);
        }
    }

    @Override
    protected boolean hasChildren() {
        ConcurrentHashMap<String, FilterNode> m = exact;
        return plus != null || hash != null || (m != null && !m.isEmpty());
    }

    @Override
    protected boolean holdsNothing() {
        return subscribers.isEmpty();
    }

    // A valid filter level holding '+' or '#' holds nothing else (MQTT-4.7.1-1, -2).
    private static boolean isPlus(String level) {
        return level.length() == 1 && level.charAt(0) == '+';
    }

    private static boolean isHash(String level) {
        return level.length() == 1 && level.charAt(0) == '#';
    }
}
