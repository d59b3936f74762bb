/**
 * The Netty server machinery every FluxMQ listener shares: event loops, bootstrap, TLS, connection
 * limits and protocol hand-off. Exported for the other transport bundles (WebSocket), which add
 * their framing as a {@link io.fluxmq.transport.tcp.server.ConnectionStage}.
 */
@Export
@Version("1.2.0")
package io.fluxmq.transport.tcp.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
