/**
 * Publish/subscribe routing: the {@link io.fluxmq.api.router.MessageRouter}, its subscribers and the retained-message service.
 */
@Export
@Version("1.0.0")
package io.fluxmq.api.router;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
