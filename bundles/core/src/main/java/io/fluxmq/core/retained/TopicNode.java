package io.fluxmq.core.retained;

import io.fluxmq.core.trie.PrunableNode;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** A node of the retained index: one topic level, with the value of the topic ending here. */
final class TopicNode<V> extends PrunableNode<TopicNode<V>> {
    /** Created on the first child: most nodes are leaves. */
    private volatile ConcurrentHashMap<String, TopicNode<V>> children;
    /** Written holding this node's lock; read without. */
    volatile V value;

    TopicNode(TopicNode<V> parent, String level) {
        super(parent, level);
    }

    /** A live view of the children, empty for a leaf. Lock-free, weakly consistent. */
    Collection<TopicNode<V>> children() {
        ConcurrentHashMap<String, TopicNode<V>> m = children;
        return m == null ? List.of() : m.values();
    }

    @Override
    protected TopicNode<V> childAt(String level) {
        ConcurrentHashMap<String, TopicNode<V>> m = children;
        return m == null ? null : m.get(level);
    }

    @Override
    protected TopicNode<V> newChild(String level) {
        return new TopicNode<>(this, level);
    }

    @Override
    protected void attachChild(String level, TopicNode<V> child) {
        ConcurrentHashMap<String, TopicNode<V>> m = children;
        if (m == null) {
            m = new ConcurrentHashMap<>(2);
            children = m;
        }
        m.put(level, child);
    }

    @Override
    protected void detachChild(String level, TopicNode<V> child) {
        children.remove(level, child);
    }

    @Override
    protected boolean hasChildren() {
        ConcurrentHashMap<String, TopicNode<V>> m = children;
        return m != null && !m.isEmpty();
    }

    @Override
    protected boolean holdsNothing() {
        return value == null;
    }
}
