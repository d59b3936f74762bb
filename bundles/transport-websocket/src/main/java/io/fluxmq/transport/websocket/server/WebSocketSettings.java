package io.fluxmq.transport.websocket.server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a WebSocket listener accepts, independent of how it was configured. Invalid values fail
 * with a {@code WS-1001} message that names the listener and the setting.
 *
 * @param listener the listener's name, for messages
 * @param path the exact request path of the handshake, e.g. "/mqtt"; a query string is ignored
 * @param subprotocols in order of preference; the first one the client offers is selected
 * @param allowedOrigins browser origins ("https://app.example.com") allowed to connect; empty allows all
 * @param maxFrameSize largest frame payload in bytes; a frame is buffered whole before it is passed on
 * @param handshakeTimeoutMillis how long a connection may take to complete the upgrade
 */
public record WebSocketSettings(String listener, String path, List<String> subprotocols, Set<String> allowedOrigins,
        int maxFrameSize, long handshakeTimeoutMillis) {

    public WebSocketSettings {
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw invalid(listener, "path must start with '/' and hold no spaces, '?' or '#', not '" + path + "'");
        }
        subprotocols = List.copyOf(subprotocols);
        if (subprotocols.isEmpty()) {
            throw invalid(listener, "subprotocols is empty; MQTT clients offer 'mqtt' (MQTT-6.0.0-3)");
        }
        for (String s : subprotocols) {
            if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c > '~' || c == ',')) {
                throw invalid(listener, "subprotocol '" + s + "' is not a valid token");
            }
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String o : allowedOrigins) {
            String normalized = normalizeOrigin(o);
            // Browsers send "scheme://host[:port]"; a bare host name would never match, so refuse it now
            // rather than lock every browser out later.
            if (!normalized.equals("null") && !normalized.matches("[a-z][a-z0-9+.-]*://[^/]+")) {
                throw invalid(listener, "allowed origin '" + o + "' is not of the form https://host[:port]");
            }
            origins.add(normalized);
        }
        allowedOrigins = Set.copyOf(origins);
        if (maxFrameSize < 1) {
            throw invalid(listener, "max.frame.size must be positive, not " + maxFrameSize);
        }
        if (handshakeTimeoutMillis < 1) {
            throw invalid(listener, "handshake.timeout.ms must be positive, not " + handshakeTimeoutMillis);
        }
    }

    /**
     * The subprotocol to answer with: the first of ours that the client offered, so that a client
     * offering both "mqttv3.1" and "mqtt" gets "mqtt" (MQTT-6.0.0-4). Empty when it offered none.
     *
     * @param offered the values of every Sec-WebSocket-Protocol header of the request
     */
    public Optional<String> choose(List<String> offered) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String header : offered) {
            for (String token : header.split(",")) {
                tokens.add(token.trim());
            }
        }
        return subprotocols.stream().filter(tokens::contains).findFirst();
    }

    /**
     * Whether a handshake with this Origin header may proceed. Only browsers send Origin, and the
     * check exists to stop pages of other sites from using a visitor's browser to connect, so a
     * request without one (device and server clients) is always allowed.
     */
    public boolean originAllowed(String origin) {
        return allowedOrigins.isEmpty() || origin == null || allowedOrigins.contains(normalizeOrigin(origin));
    }

    /** Origins are compared as browsers serialize them: lower case, no trailing slash. */
    static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static IllegalArgumentException invalid(String listener, String problem) {
        return new IllegalArgumentException("WS-1001 WebSocket listener '" + listener + "': " + problem);
    }
}
