package io.fluxmq.mqtt.sys;

import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's counters. Written from every event loop, so each is a {@link LongAdder}; the
 * gauges that other services know (subscriptions, retained) are read from them when published.
 */
public final class BrokerStats {
    private final long startedAtMillis = System.currentTimeMillis();
    private final LongAdder connected = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedSlowClients = new LongAdder();
    private final LongAdder closedMalformed = new LongAdder();
    private final LongAdder closedProtocolError = new LongAdder();
    private final LongAdder closedLimit = new LongAdder();
    private final LongAdder messagesRejected = new LongAdder();
    private final LongAdder subscriptionsRejected = new LongAdder();
    private final LongAdder authorizationDenied = new LongAdder();

    public void clientConnected() {
        connected.increment();
    }

    public void clientDisconnected() {
        connected.decrement();
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void messageSent() {
        messagesSent.increment();
    }

    public void bytesReceived(long n) {
        bytesReceived.add(n);
    }

    public void bytesSent(long n) {
        bytesSent.add(n);
    }

    public void messageDropped() {
        dropped.increment();
    }

    /** A QoS 0 message not sent because the client's connection was not writable; also a drop. */
    public void slowClientDropped() {
        droppedSlowClients.increment();
        dropped.increment();
    }

    public void closedForMalformedInput() {
        closedMalformed.increment();
    }

    public void closedForProtocolError() {
        closedProtocolError.increment();
    }

    public void closedForLimit() {
        closedLimit.increment();
    }

    public void messageRejected() {
        messagesRejected.increment();
    }

    public void subscriptionRejected() {
        subscriptionsRejected.increment();
    }

    public void authorizationDenial() {
        authorizationDenied.increment();
    }

    public long connected() {
        return connected.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long droppedSlowClients() {
        return droppedSlowClients.sum();
    }

    public long closedMalformed() {
        return closedMalformed.sum();
    }

    public long closedProtocolError() {
        return closedProtocolError.sum();
    }

    public long closedLimit() {
        return closedLimit.sum();
    }

    public long messagesRejected() {
        return messagesRejected.sum();
    }

    public long subscriptionsRejected() {
        return subscriptionsRejected.sum();
    }

    public long authorizationDenied() {
        return authorizationDenied.sum();
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startedAtMillis) / 1000;
    }
}
