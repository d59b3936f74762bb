/**
 * RocksDB {@link io.fluxmq.api.storage.StateStore} and {@link io.fluxmq.api.storage.LogStore}, both
 * registered with {@code fluxmq.storage=rocksdb}, on one shared {@link
 * io.fluxmq.storage.rocksdb.RocksDbEnvironment}. Private to the bundle.
 */
package io.fluxmq.storage.rocksdb;
