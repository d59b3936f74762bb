package io.fluxmq.core.router;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The members of one shared subscription ({@code $share/<name>/<filter>}) at one trie node. Each
 * message goes to one member, taken in turn (round-robin). Immutable apart from the turn
 * counter, which successive versions of the group share so that a member joining or leaving does
 * not restart the rotation.
 */
final class SharedGroup {
    private final String name;
    private final SubscriptionEntry[] members;
    private final AtomicLong turn;

    SharedGroup(String name, SubscriptionEntry first) {
        this(name, new SubscriptionEntry[] {first}, new AtomicLong());
    }

    private SharedGroup(String name, SubscriptionEntry[] members, AtomicLong turn) {
        this.name = name;
        this.members = members;
        this.turn = turn;
    }

    String name() {
        return name;
    }

    int size() {
        return members.length;
    }

    /**
     * The member whose turn it is, skipping one that no-local excludes (MQTT 5 forbids no-local
     * on shared subscriptions, MQTT-3.8.3-4, but other protocols might set it); null when every
     * member is excluded. Lock-free: concurrent publishers each take the next turn.
     */
    SubscriptionEntry pick(String publisherId) {
        SubscriptionEntry[] m = members;
        long start = turn.getAndIncrement();
        for (int i = 0; i < m.length; i++) {
            SubscriptionEntry candidate = m[(int) ((start + i) % m.length)];
            if (!candidate.excludes(publisherId)) {
                return candidate;
            }
        }
        return null;
    }

    SubscriptionEntry find(String subscriberId) {
        int i = indexOf(subscriberId);
        return i < 0 ? null : members[i];
    }

    /** This group with the entry added, or replacing the same subscriber's entry in its place. */
    SharedGroup with(SubscriptionEntry entry) {
        int i = indexOf(entry.subscriberId());
        SubscriptionEntry[] next;
        if (i >= 0) {
            next = members.clone();
            next[i] = entry;
        } else {
            next = Arrays.copyOf(members, members.length + 1);
            next[members.length] = entry;
        }
        return new SharedGroup(name, next, turn);
    }

    /** This group without the subscriber, or null when it was the last member. */
    SharedGroup without(String subscriberId) {
        int i = indexOf(subscriberId);
        if (i < 0) {
            return this;
        }
        if (members.length == 1) {
            return null;
        }
        SubscriptionEntry[] next = new SubscriptionEntry[members.length - 1];
        System.arraycopy(members, 0, next, 0, i);
        System.arraycopy(members, i + 1, next, i, members.length - i - 1);
        return new SharedGroup(name, next, turn);
    }

    private int indexOf(String subscriberId) {
        for (int i = 0; i < members.length; i++) {
            if (members[i].subscriberId().equals(subscriberId)) {
                return i;
            }
        }
        return -1;
    }
}
