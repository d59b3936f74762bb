/**
 * AMQP 0.9.1 on the wire: frames, methods, field tables and content properties, decoded from and
 * encoded to Netty buffers. No broker state: the connection and channels above act on what it
 * decodes.
 */
package io.fluxmq.amqp091.codec;
