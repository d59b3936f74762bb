/**
 * Topic routing: the subscription trie, shared-subscription groups and the
 * {@link io.fluxmq.api.router.MessageRouter} service. Private to the core bundle.
 */
package io.fluxmq.core.router;
