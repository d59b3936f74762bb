/**
 * In-memory {@link io.fluxmq.api.storage.StateStore} and {@link io.fluxmq.api.storage.LogStore}.
 * Private to the bundle: other bundles find the stores as services with
 * {@code fluxmq.storage=memory}.
 */
package io.fluxmq.storage.memory;
