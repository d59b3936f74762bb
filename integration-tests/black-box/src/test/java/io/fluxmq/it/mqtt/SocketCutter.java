package io.fluxmq.it.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * A socket factory for client libraries that keeps the sockets it makes, so that a test can cut
 * the network connection under a client (a reset, no DISCONNECT, no TLS close_notify) the way a
 * lost network does. A client's own "forcible" disconnect is not always a close: Paho's MQTT 5
 * client leaves a TLS socket open.
 */
final class SocketCutter {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A plain factory, or a TLS one over {@code tls} when it is not null. */
    SocketFactory factory(SSLContext tls) {
        return tls == null ? new Plain() : new Secure(tls.getSocketFactory());
    }

    /** Resets every socket made so far. */
    void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private <S extends Socket> S keep(S s) {
        sockets.add(s);
        return s;
    }

    private final class Plain extends SocketFactory {
        private final SocketFactory d = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return keep(d.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return keep(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return keep(d.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return keep(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return keep(d.createSocket(host, port, local, localPort));
        }
    }

    private final class Secure extends SSLSocketFactory {
        private final SSLSocketFactory d;

        Secure(SSLSocketFactory d) {
            this.d = d;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return d.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return keep(d.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return keep(d.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return keep(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return keep(d.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return keep(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return keep(d.createSocket(host, port, local, localPort));
        }
    }
}
