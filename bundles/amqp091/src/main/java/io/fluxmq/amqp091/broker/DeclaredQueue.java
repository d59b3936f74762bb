package io.fluxmq.amqp091.broker;

import java.util.Map;

/**
 * What AMQP knows of a queue beyond the queue manager: the flags it was declared with, the
 * connection that owns it when exclusive, and its AMQP consumers (for exclusive consume and
 * auto-delete). Guarded by the {@link VirtualHost}.
 *
 * @param name the AMQP name; the queue manager's is {@link VirtualHost#queueName(String)}
 */
public final class DeclaredQueue {
    final String name;
    final boolean durable;
    final boolean exclusive;
    final boolean autoDelete;
    final Map<String, Object> arguments;
    /** The id of the connection that declared an exclusive queue, else 0. */
    final long owner;
    /** Whether AMQP declared it; false for a queue of the queue manager that AMQP only consumes from. */
    final boolean declared;
    int consumers;
    /** When it was last declared, consumed from or polled (x-expires). */
    volatile long lastUsed = System.currentTimeMillis();
    boolean exclusiveConsumer;
    boolean hadConsumer;

    DeclaredQueue(String name, boolean durable, boolean exclusive, boolean autoDelete, Map<String, Object> arguments,
            long owner, boolean declared) {
        this.name = name;
        this.declared = declared;
        this.durable = durable;
        this.exclusive = exclusive;
        this.autoDelete = autoDelete;
        this.arguments = arguments == null ? Map.of() : arguments;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    public boolean durable() {
        return durable;
    }

    public boolean exclusive() {
        return exclusive;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public long owner() {
        return owner;
    }

    /** Counts as a use for x-expires. */
    public void used() {
        lastUsed = System.currentTimeMillis();
    }

    /** x-expires in milliseconds, 0 for none. */
    long expiresMillis() {
        Object v = arguments.get("x-expires");
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** The queue.declare arguments. */
    public Map<String, Object> arguments() {
        return arguments;
    }

    public boolean declared() {
        return declared;
    }
}
