package io.fluxmq.transport.tcp.server;

/** A listener's TLS material and policy; empty strings mean "not set". */
public record TlsSettings(String listener, String keystore, String keystorePassword, String certificate, String key,
        String keyPassword, String clientCa, String clientAuth, String[] protocols) {
}
