package io.fluxmq.api.server;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that can keep the broker from being ready beyond the state of its components: a
 * failed storage migration, a cluster member that lost etcd. Registered as a service; {@code
 * GET /ready} answers 503 while any contributor reports a problem, and lists them.
 */
@ConsumerType
public interface ReadinessContributor {
    /** A short stable name for the report, e.g. "storage". */
    String name();

    /**
     * What is wrong now, one sentence each; empty when ready. <b>Thread:</b> an HTTP request
     * thread, on every readiness probe: answer from memory, never block.
     */
    List<String> problems();
}
