/**
 * How records are laid out on disk: keys ({@link io.fluxmq.storage.rocksdb.codec.Keys}), message
 * values ({@link io.fluxmq.storage.rocksdb.codec.MessageCodec}) and the other record values
 * ({@link io.fluxmq.storage.rocksdb.codec.StateCodec}, {@link io.fluxmq.storage.rocksdb.codec.LogCodec}).
 * Every value starts with a format version byte. The bundle's README documents the layout.
 */
package io.fluxmq.storage.rocksdb.codec;
