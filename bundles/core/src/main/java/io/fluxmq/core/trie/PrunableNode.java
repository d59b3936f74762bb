package io.fluxmq.core.trie;

/**
 * A node of a concurrent trie whose readers take no lock and whose writers lock single nodes,
 * so that a node left empty can be removed without losing a concurrent insertion below it.
 *
 * <p><b>The protocol.</b> Readers walk the trie through {@link #childAt(String)} and volatile
 * fields without locking; they may briefly see a node that has just been cut off, which is no
 * worse than having run a moment earlier. Writers follow three rules:
 * <ol>
 * <li>A child is attached to, or detached from, its parent only while holding the parent's lock,
 *     and never to a parent that is itself {@linkplain #isDetached() detached}.</li>
 * <li>A node is marked detached only while holding its own lock and its parent's, and only when
 *     it holds nothing and has no children. Nothing is ever added to a detached node.</li>
 * <li>A writer changes what a node holds only while holding that node's lock and after checking
 *     that the node is not detached; if it is, the writer starts again from the root.</li>
 * </ol>
 * Together these keep an invariant: <em>a node that is not detached hangs from the root through
 * nodes that are not detached</em>, because a parent cannot be detached while it still has a
 * child. So a writer that found its node attached, under that node's lock, has written into the
 * live trie. Locks are taken child before parent only (in {@link #pruneUpwards()}), and never
 * parent before child, so writers cannot deadlock.
 *
 * @param <N> the concrete node type
 */
public abstract class PrunableNode<N extends PrunableNode<N>> {
    private final N parent;
    private final String level;
    /** Guarded by this node's lock; see the class comment. */
    private boolean detached;

    protected PrunableNode(N parent, String level) {
        this.parent = parent;
        this.level = level;
    }

    /** The parent, or null for the root. */
    public final N parent() {
        return parent;
    }

    /** The level this node stands for under its parent ("" for the root). */
    public final String level() {
        return level;
    }

    /** The child for a level, or null. Lock-free; may return a child that is being detached. */
    protected abstract N childAt(String level);

    /** Creates a child node for the level; does not attach it. */
    protected abstract N newChild(String level);

    /** Attaches a new child. Called holding this node's lock. */
    protected abstract void attachChild(String level, N child);

    /** Detaches a child. Called holding this node's lock. */
    protected abstract void detachChild(String level, N child);

    /** Whether any child is attached. Called holding this node's lock. */
    protected abstract boolean hasChildren();

    /** Whether the node holds no subscriptions or values. Called holding this node's lock. */
    protected abstract boolean holdsNothing();

    /**
     * Whether the node has been cut off the trie. Callers must hold this node's lock for the
     * answer to stay true while they act on it.
     */
    public final boolean isDetached() {
        return detached;
    }

    /**
     * The child for a level, created if missing.
     *
     * @return the child, or null when this node was detached meanwhile: the caller must start
     *         again from the root
     */
    public final N childForWrite(String childLevel) {
        N child = childAt(childLevel);
        if (child != null) {
            // If that child is being detached, the writer will see it under the child's lock.
            return child;
        }
        synchronized (this) {
            if (detached) {
                return null;
            }
            child = childAt(childLevel);
            if (child == null) {
                child = newChild(childLevel);
                attachChild(childLevel, child);
            }
            return child;
        }
    }

    /**
     * Detaches this node if it is empty, then its parent if that is now empty, and so on up to
     * (not including) the root. Call after removing something from this node, without holding
     * any node lock. Whoever empties a node last sees it empty under its lock, so no empty node
     * is left behind once concurrent writers have finished.
     */
    public final void pruneUpwards() {
        // Typed as the base class: private fields are not accessible through the type variable.
        PrunableNode<N> node = this;
        while (node.parent != null) {
            PrunableNode<N> up = node.parent;
            synchronized (node) {
                if (node.detached || !node.holdsNothing() || node.hasChildren()) {
                    return;
                }
                synchronized (up) {
                    node.detached = true;
                    up.detachChild(node.level, node.self());
                }
            }
            node = up;
        }
    }

    @SuppressWarnings("unchecked")
    private N self() {
        return (N) this;
    }
}
