package io.fluxmq.amqp091.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A channel in tx mode (tx.select): its publishes and settlements wait for tx.commit, which does
 * them all and answers once every published message is in its queues; tx.rollback forgets them
 * (the deliveries stay unacknowledged).
 */
final class Transaction {
    private final List<ContentAssembly.Published> publishes = new ArrayList<>();
    private final List<Runnable> settlements = new ArrayList<>();

    void publish(ContentAssembly.Published p) {
        publishes.add(p);
    }

    void settle(Runnable settlement) {
        settlements.add(settlement);
    }

    /** Does what the transaction holds; completes when its publishes are stored. */
    CompletionStage<Void> commit(AmqpChannel channel) {
        List<Runnable> acks = List.copyOf(settlements);
        List<ContentAssembly.Published> messages = List.copyOf(publishes);
        rollback();
        for (Runnable r : acks) {
            r.run();
        }
        List<CompletableFuture<Boolean>> stored = new ArrayList<>(messages.size());
        for (ContentAssembly.Published p : messages) {
            stored.add(channel.publish(p, null).toCompletableFuture());
        }
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new));
    }

    void rollback() {
        publishes.clear();
        settlements.clear();
    }
}
