package io.fluxmq.health;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** Serves {@code GET /health}: 200 as long as the framework and its HTTP service answer. */
@Component(service = Servlet.class, name = "io.fluxmq.health.liveness", configurationPolicy = ConfigurationPolicy.IGNORE)
@HttpWhiteboardServletPattern("/health")
public class LivenessServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Responses.json(resp, 200, "{\"status\":\"UP\"}");
    }
}
