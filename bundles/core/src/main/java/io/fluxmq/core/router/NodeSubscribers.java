package io.fluxmq.core.router;

import io.fluxmq.api.message.Message;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions held at one trie node, that is for one filter: those of single subscribers
 * ("direct") and the shared groups on the filter.
 *
 * <p>Writers hold the node's lock and publish a new instance through the node's volatile field;
 * readers ({@link #deliver}) take no lock. Few subscribers share a filter as a rule, so the direct
 * entries are a copy-on-write array, cheapest to read. A broadcast filter that thousands of clients
 * subscribe to would make each subscribe copy them all, quadratic in a reconnect storm, so above
 * {@link #MAP_ABOVE} entries they move to a concurrent map changed in place (the one part of this
 * class that is not immutable; only the node's lock holder changes it).
 */
final class NodeSubscribers {
    static final int MAP_ABOVE = 64;
    /** The map turns back into an array at this size; the gap stops it flapping. */
    static final int ARRAY_AT = 32;

    private static final SubscriptionEntry[] NO_ENTRIES = new SubscriptionEntry[0];
    private static final SharedGroup[] NO_GROUPS = new SharedGroup[0];

    static final NodeSubscribers EMPTY = new NodeSubscribers(NO_ENTRIES, null, NO_GROUPS);

    /** Used while {@link #directMap} is null. */
    private final SubscriptionEntry[] direct;
    private final ConcurrentHashMap<String, SubscriptionEntry> directMap;
    private final SharedGroup[] groups;

    private NodeSubscribers(SubscriptionEntry[] direct, ConcurrentHashMap<String, SubscriptionEntry> directMap,
            SharedGroup[] groups) {
        this.direct = direct;
        this.directMap = directMap;
        this.groups = groups;
    }

    /**
     * Delivers to every direct subscriber and to one member of each shared group.
     * <b>Thread:</b> any publisher, without locks.
     *
     * @return the number of deliveries made
     */
    int deliver(Message message, String publisherId) {
        int count = 0;
        if (directMap == null) {
            for (SubscriptionEntry e : direct) {
                if (e.deliver(message, publisherId)) {
                    count++;
                }
            }
        } else {
            for (SubscriptionEntry e : directMap.values()) {
                if (e.deliver(message, publisherId)) {
                    count++;
                }
            }
        }
        for (SharedGroup g : groups) {
            SubscriptionEntry chosen = g.pick(publisherId);
            if (chosen != null && chosen.deliver(message, publisherId)) {
                count++;
            }
        }
        return count;
    }

    boolean isEmpty() {
        return directSize() == 0 && groups.length == 0;
    }

    /** Subscriptions held, shared ones counted per member. */
    int size() {
        int n = directSize();
        for (SharedGroup g : groups) {
            n += g.size();
        }
        return n;
    }

    private int directSize() {
        return directMap == null ? direct.length : directMap.size();
    }

    /** The subscriber's entry in the group (null: the direct one), or null. */
    SubscriptionEntry find(String subscriberId, String group) {
        if (group != null) {
            int g = indexOfGroup(group);
            return g < 0 ? null : groups[g].find(subscriberId);
        }
        if (directMap != null) {
            return directMap.get(subscriberId);
        }
        int i = indexOfDirect(subscriberId);
        return i < 0 ? null : direct[i];
    }

    /** With the entry added or replacing the same subscriber's. Caller holds the node's lock. */
    NodeSubscribers with(SubscriptionEntry entry) {
        String group = entry.subscription().filter().shareGroup();
        if (group == null) {
            return withDirect(entry);
        }
        int g = indexOfGroup(group);
        SharedGroup[] next;
        if (g < 0) {
            next = Arrays.copyOf(groups, groups.length + 1);
            next[groups.length] = new SharedGroup(group, entry);
        } else {
            next = groups.clone();
            next[g] = groups[g].with(entry);
        }
        return new NodeSubscribers(direct, directMap, next);
    }

    /** Without the subscriber's entry in the group (null: the direct one). Caller holds the lock. */
    NodeSubscribers without(String subscriberId, String group) {
        if (group == null) {
            return withoutDirect(subscriberId);
        }
        int g = indexOfGroup(group);
        if (g < 0) {
            return this;
        }
        SharedGroup shrunk = groups[g].without(subscriberId);
        SharedGroup[] next;
        if (shrunk != null) {
            next = groups.clone();
            next[g] = shrunk;
        } else if (groups.length == 1) {
            next = NO_GROUPS;
        } else {
            next = new SharedGroup[groups.length - 1];
            System.arraycopy(groups, 0, next, 0, g);
            System.arraycopy(groups, g + 1, next, g, groups.length - g - 1);
        }
        return new NodeSubscribers(direct, directMap, next);
    }

    private NodeSubscribers withDirect(SubscriptionEntry entry) {
        if (directMap != null) {
            directMap.put(entry.subscriberId(), entry);
            return this;
        }
        int i = indexOfDirect(entry.subscriberId());
        if (i >= 0) {
            SubscriptionEntry[] next = direct.clone();
            next[i] = entry;
            return new NodeSubscribers(next, null, groups);
        }
        if (direct.length >= MAP_ABOVE) {
            ConcurrentHashMap<String, SubscriptionEntry> map = new ConcurrentHashMap<>(direct.length * 2);
            for (SubscriptionEntry e : direct) {
                map.put(e.subscriberId(), e);
            }
            map.put(entry.subscriberId(), entry);
            return new NodeSubscribers(NO_ENTRIES, map, groups);
        }
        SubscriptionEntry[] next = Arrays.copyOf(direct, direct.length + 1);
        next[direct.length] = entry;
        return new NodeSubscribers(next, null, groups);
    }

    private NodeSubscribers withoutDirect(String subscriberId) {
        if (directMap != null) {
            directMap.remove(subscriberId);
            if (directMap.size() > ARRAY_AT) {
                return this;
            }
            // A fresh array: readers still iterating the map are unaffected, and the map is
            // never changed again once this instance replaces it.
            return new NodeSubscribers(directMap.values().toArray(NO_ENTRIES), null, groups);
        }
        int i = indexOfDirect(subscriberId);
        if (i < 0) {
            return this;
        }
        SubscriptionEntry[] next = direct.length == 1 ? NO_ENTRIES : new SubscriptionEntry[direct.length - 1];
        System.arraycopy(direct, 0, next, 0, i);
        System.arraycopy(direct, i + 1, next, i, direct.length - i - 1);
        return new NodeSubscribers(next, null, groups);
    }

    private int indexOfDirect(String subscriberId) {
        for (int i = 0; i < direct.length; i++) {
            if (direct[i].subscriberId().equals(subscriberId)) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfGroup(String group) {
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].name().equals(group)) {
                return i;
            }
        }
        return -1;
    }
}
