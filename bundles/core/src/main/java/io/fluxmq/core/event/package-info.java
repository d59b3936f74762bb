/**
 * Broker events: the bounded queue and dispatch thread behind
 * {@link io.fluxmq.api.event.BrokerEvents}. Private to the core bundle.
 */
package io.fluxmq.core.event;
