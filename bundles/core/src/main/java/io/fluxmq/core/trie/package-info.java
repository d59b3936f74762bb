/**
 * The locking protocol shared by the core's tries: lock-free readers, per-node writer locks and
 * race-free pruning of empty nodes. Private to the core bundle.
 */
package io.fluxmq.core.trie;
