package io.fluxmq.console;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands of the {@code fluxmq:} scope. */
@Component(service = StatusCommand.class, name = "io.fluxmq.console.commands", configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {"osgi.command.scope=fluxmq", "osgi.command.function=status"})
public class StatusCommand {
    private final BrokerStatusCollector collector;

    @Activate
    public StatusCommand(@Reference BrokerStatusCollector collector) {
        this.collector = collector;
    }

    /** {@code fluxmq:status}: version, uptime, storage, listeners and FluxMQ bundles. */
    public String status() {
        return collector.collect().toText();
    }
}
