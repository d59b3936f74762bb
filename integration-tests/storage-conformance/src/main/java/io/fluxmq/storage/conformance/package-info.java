/**
 * Behavioural tests of the {@link io.fluxmq.api.storage.StateStore} and
 * {@link io.fluxmq.api.storage.LogStore} contracts, shared by every storage backend.
 *
 * <p>A backend's test sources subclass {@link io.fluxmq.storage.conformance.StateStoreConformance}
 * and {@link io.fluxmq.storage.conformance.LogStoreConformance}; a backend that keeps its data
 * across a restart subclasses the {@code Persistent...} variants instead, which add the restart
 * tests. Each abstract class gathers every contract test of its interface, so a backend cannot
 * leave a group out by forgetting a subclass.
 *
 * <p>{@link io.fluxmq.storage.conformance.Await}, {@link io.fluxmq.storage.conformance.TestMessages}
 * and {@link io.fluxmq.storage.conformance.MessageAssertions} are public for backend-specific tests.
 */
package io.fluxmq.storage.conformance;
