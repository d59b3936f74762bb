/**
 * The RocksDB plumbing shared by both stores: opening the database without ever changing a
 * directory that fails to open ({@link io.fluxmq.storage.rocksdb.engine.DatabaseOpener}), the
 * single writer thread with group commit ({@link io.fluxmq.storage.rocksdb.engine.GroupCommitWriter}),
 * the guard that keeps native handles alive while they are used
 * ({@link io.fluxmq.storage.rocksdb.engine.HandleGuard}) and the mapping of RocksDB failures to
 * {@link io.fluxmq.api.storage.StorageException} kinds ({@link io.fluxmq.storage.rocksdb.engine.StorageErrors}).
 */
package io.fluxmq.storage.rocksdb.engine;
