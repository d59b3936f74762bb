package io.fluxmq.transport.tcp.server;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Owns the {@link EventLoops} that all listeners of this bundle share. */
@Component(name = "io.fluxmq.transport.tcp.eventloops", service = SharedEventLoops.class)
@Designate(ocd = SharedEventLoops.Config.class)
public class SharedEventLoops {

    @ObjectClassDefinition(name = "FluxMQ network threads",
            description = "Threads that serve every TCP/TLS connection of the broker.")
    @interface Config {
        @AttributeDefinition(name = "Worker threads", description = "0 means twice the number of cores.", min = "0")
        int worker_threads() default 0;
    }

    private final EventLoops loops;

    @Activate
    public SharedEventLoops(Config config) {
        loops = new EventLoops(config.worker_threads());
    }

    public EventLoops get() {
        return loops;
    }

    @Deactivate
    void deactivate() {
        loops.close();
    }
}
