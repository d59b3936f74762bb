package io.fluxmq.transport.tcp;

/** A listener's TLS material and policy; empty strings mean "not set". */
record TlsSettings(String listener, String keystore, String keystorePassword, String certificate, String key,
        String keyPassword, String clientCa, String clientAuth, String[] protocols) {

    static TlsSettings from(TcpListenerConfig c) {
        return new TlsSettings(c.name(), c.tls_keystore(), c.tls_keystore_password(), c.tls_certificate(), c.tls_key(),
                c.tls_key_password(), c.tls_client_ca(), c.tls_client_auth(), c.tls_protocols());
    }
}
