/**
 * The protocol-neutral message model: one immutable {@link io.fluxmq.api.message.Message} that every protocol adapter converts to and from.
 */
@Export
@Version("1.0.0")
package io.fluxmq.api.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
