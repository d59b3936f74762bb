package io.fluxmq.health;

import io.fluxmq.api.server.ReadinessContributor;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves {@code GET /ready}: 200 with {"status":"UP"} when ready, else 503 naming what is
 * missing. Both endpoints are unauthenticated and cheap, for load balancers and orchestrators.
 */
@Component(service = Servlet.class, name = "io.fluxmq.health")
@HttpWhiteboardServletPattern("/ready")
@Designate(ocd = HealthConfig.class)
public class ReadinessServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final transient ServiceComponentRuntime scr;
    private transient volatile ReadinessCheck check;
    private final transient List<ReadinessContributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public ReadinessServlet(BundleContext context, @Reference ServiceComponentRuntime scr, HealthConfig config) {
        this.context = context;
        this.scr = scr;
        modified(config);
    }

    @Modified
    void modified(HealthConfig config) {
        this.check = new ReadinessCheck(context, scr, config.required_services(), config.bundle_prefix(), contributors);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(ReadinessContributor contributor) {
        contributors.add(contributor);
    }

    void removeContributor(ReadinessContributor contributor) {
        contributors.remove(contributor);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ReadinessReport report = check.run();
        Responses.json(resp, report.ready() ? 200 : 503, report.toJson());
    }
}
