/**
 * Retained messages: the index of retained topic names and the
 * {@link io.fluxmq.api.router.RetainedMessages} service backed by the state store. Private to the
 * core bundle.
 */
package io.fluxmq.core.retained;
