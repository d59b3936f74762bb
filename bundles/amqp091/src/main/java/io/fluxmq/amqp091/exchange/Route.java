package io.fluxmq.amqp091.exchange;

import java.util.Set;

/**
 * Where a publish goes: the queues the exchanges' bindings chose, and whether the message also
 * goes to the shared topic router (it reached {@code amq.topic}).
 */
public record Route(Set<String> queues, boolean toRouter) {
}
