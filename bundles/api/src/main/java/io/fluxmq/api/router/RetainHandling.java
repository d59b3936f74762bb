package io.fluxmq.api.router;

/** When retained messages are sent for a new subscription (MQTT 5 Retain Handling). */
public enum RetainHandling {
    /** Send matching retained messages whenever the subscription is made. */
    SEND_ON_SUBSCRIBE,
    /** Send them only if the subscription did not exist before. */
    SEND_IF_NEW_SUBSCRIPTION,
    /** Never send retained messages for this subscription. */
    DO_NOT_SEND
}
