/**
 * The storage backend in use: {@link io.fluxmq.core.storage.StorageSelector} registers one
 * StateStore and one LogStore that delegate to the backend chosen by configuration and migrates
 * the data when that choice changes. Private to the core bundle.
 */
package io.fluxmq.core.storage;
