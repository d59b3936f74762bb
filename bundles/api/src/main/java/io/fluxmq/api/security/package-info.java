/**
 * Authentication and authorization SPIs.
 */
@Export
@Version("1.0.0")
package io.fluxmq.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
