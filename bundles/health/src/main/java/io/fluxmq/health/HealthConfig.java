package io.fluxmq.health;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "FluxMQ Health and Readiness",
        description = "GET /health answers 200 while the framework runs. GET /ready answers 200 only when "
                + "every FluxMQ bundle is active, every FluxMQ component is satisfied and every required "
                + "service is registered; otherwise 503 with a JSON body naming what is missing.")
@interface HealthConfig {

    @AttributeDefinition(name = "Required services",
            description = "Fully qualified service interfaces that must be registered for the broker to be ready.")
    String[] required_services() default {
        "io.fluxmq.api.router.MessageRouter",
        "io.fluxmq.api.router.RetainedMessages",
        "io.fluxmq.api.event.BrokerEvents",
        "io.fluxmq.api.storage.StateStore",
        "io.fluxmq.api.storage.LogStore"
    };

    @AttributeDefinition(name = "Bundle prefix",
            description = "Bundles whose symbolic name starts with this prefix are FluxMQ bundles and must be "
                    + "active with all their enabled components satisfied.")
    String bundle_prefix() default "io.fluxmq.";
}
