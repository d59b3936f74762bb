package io.fluxmq.transport.tcp.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** Builds the server's TLS context from PEM files or a keystore; errors name the file and the cause. */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContext forServer(TlsSettings c) {
        try {
            SslContextBuilder builder;
            if (!c.keystore().isBlank()) {
                builder = SslContextBuilder.forServer(keyManagers(c.keystore(), c.keystorePassword()));
            } else if (!c.certificate().isBlank() && !c.key().isBlank()) {
                File cert = readable(c.certificate());
                File key = readable(c.key());
                builder = SslContextBuilder.forServer(cert, key,
                        c.keyPassword().isEmpty() ? null : c.keyPassword());
            } else {
                throw new IllegalArgumentException("listener '" + c.listener() + "' has TLS enabled but neither "
                        + "tls.keystore nor tls.certificate and tls.key");
            }
            builder.sslProvider(SslProvider.JDK).protocols(c.protocols()).clientAuth(authMode(c));
            if (!c.clientCa().isBlank()) {
                builder.trustManager(readable(c.clientCa()));
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TRANSPORT-1002 listener '" + c.listener() + "': cannot set up TLS: " + e, e);
        }
    }

    private static ClientAuth authMode(TlsSettings c) {
        return switch (c.clientAuth()) {
            case "require" -> ClientAuth.REQUIRE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "none" -> ClientAuth.NONE;
            default -> throw new IllegalArgumentException("listener '" + c.listener() + "': tls.client.auth must be "
                    + "none, optional or require, not '" + c.clientAuth() + "'");
        };
    }

    private static KeyManagerFactory keyManagers(String path, String password)
            throws IOException, GeneralSecurityException {
        char[] pw = password.toCharArray();
        KeyStore ks = KeyStore.getInstance(path.endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(readable(path).toPath())) {
            ks.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return kmf;
    }

    private static File readable(String path) throws IOException {
        Path p = Path.of(path);
        if (!Files.isReadable(p)) {
            throw new IOException("cannot read " + p.toAbsolutePath());
        }
        return p.toFile();
    }
}
