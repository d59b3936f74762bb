package io.fluxmq.api.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * The identity in a TLS client certificate (mutual TLS), for use as a username (MQTT's
 * certificate-as-username, AMQP's EXTERNAL mechanism). Only a
 * certificate the TLS handshake verified counts: JSSE hands out peer certificates only once its
 * trust manager accepted the chain.
 *
 * @since 1.3
 */
public final class ClientCertificates {
    /** Which part of the certificate's subject becomes the username. */
    public enum UsernameSource {
        /** The most specific Common Name; the full DN when the subject has no CN. */
        CN,
        /** The whole subject Distinguished Name in RFC 2253 form, e.g. {@code CN=device-42,O=Example}. */
        DN
    }

    private ClientCertificates() {
    }

    /**
     * The subject of the verified certificate the client presented, or null when the connection is
     * not TLS, has no {@code SslHandler} under {@link ConnectionInfo#TLS_HANDLER}, or the client
     * sent no certificate. <b>Thread:</b> the channel's event loop, after the handshake.
     */
    public static X500Principal subject(Channel channel, ConnectionInfo info) {
        if (!info.secure()) {
            return null;
        }
        ChannelHandler handler = channel.pipeline().get(ConnectionInfo.TLS_HANDLER);
        if (!(handler instanceof SslHandler ssl)) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x.getSubjectX500Principal() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate (client auth optional or none)
        }
    }

    /** The subject as a username. */
    public static String username(X500Principal subject, UsernameSource source) {
        String dn = subject.getName(X500Principal.RFC2253);
        if (source == UsernameSource.DN) {
            return dn;
        }
        String cn = commonName(dn);
        return cn != null ? cn : dn;
    }

    /** The most specific CN of an RFC 2253 name (the leftmost), unescaped; null when there is none. */
    static String commonName(String rfc2253) {
        try {
            List<Rdn> rdns = new LdapName(rfc2253).getRdns(); // index 0 is the least specific
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Attributes attributes = rdns.get(i).toAttributes(); // ignores case; CN=a+UID=b has both
                Attribute cn = attributes.get("CN");
                if (cn == null) {
                    cn = attributes.get("2.5.4.3");
                }
                if (cn != null) {
                    return cn.get() instanceof String value ? value : null; // '#' hex values are bytes
                }
            }
            return null;
        } catch (NamingException e) {
            return null;
        }
    }
}
