package io.fluxmq.console;

import io.fluxmq.console.BrokerStatus.BundleRow;
import io.fluxmq.console.BrokerStatus.Problem;
import io.fluxmq.console.BrokerStatus.ServerRow;
import io.fluxmq.console.BrokerStatus.StorageRow;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The "FluxMQ / Overview" page of the Web Console. The console draws the frame and navigation;
 * this servlet renders the page body only.
 */
@Component(service = Servlet.class, name = "io.fluxmq.console.overview", configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {
            "felix.webconsole.label=fluxmq",
            "felix.webconsole.title=Overview",
            "felix.webconsole.category=FluxMQ"
        })
public class OverviewPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient BrokerStatusCollector collector;

    @Activate
    public OverviewPage(@Reference BrokerStatusCollector collector) {
        this.collector = collector;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BrokerStatus status = collector.collect();
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter w = resp.getWriter();
        w.println("<div id='fluxmq-overview'>");
        w.println("<table class='nicetable'><tbody>");
        row(w, "Version", status.version(), "fluxmq-version");
        row(w, "Uptime", BrokerStatus.formatUptime(status.uptime()), "fluxmq-uptime");
        row(w, "Storage backend", status.storageInUse(), "fluxmq-storage");
        w.println("</tbody></table>");

        w.println("<h2>Problems</h2>");
        w.println("<table class='nicetable' id='fluxmq-problems'><thead><tr><th>Where</th><th>What is wrong</th>"
                + "</tr></thead><tbody>");
        if (status.problems().isEmpty()) {
            w.println("<tr><td colspan='2'>None.</td></tr>");
        }
        for (Problem p : status.problems()) {
            w.println("<tr><td>" + Html.escape(p.source()) + "</td><td>" + Html.escape(p.detail()) + "</td></tr>");
        }
        w.println("</tbody></table>");

        w.println("<h2>Listeners</h2>");
        w.println("<table class='nicetable' id='fluxmq-listeners'><thead><tr><th>Name</th><th>Protocol</th>"
                + "<th>Transport</th><th>Address</th><th>Connections</th></tr></thead><tbody>");
        if (status.servers().isEmpty()) {
            w.println("<tr><td colspan='5'>No listener is running.</td></tr>");
        }
        for (ServerRow s : status.servers()) {
            w.println("<tr><td>" + Html.escape(s.name()) + "</td><td>" + Html.escape(s.protocol()) + "</td><td>"
                    + Html.escape(s.transport()) + "</td><td>" + Html.escape(s.address()) + "</td><td>"
                    + s.connections() + "</td></tr>");
        }
        w.println("</tbody></table>");

        w.println("<h2>Storage</h2>");
        w.println("<table class='nicetable' id='fluxmq-storage-table'><thead><tr><th>Service</th><th>Backend</th>"
                + "<th>In use</th></tr></thead><tbody>");
        for (StorageRow s : status.storage()) {
            w.println("<tr><td>" + Html.escape(s.service()) + "</td><td>" + Html.escape(s.backend()) + "</td><td>"
                    + (s.inUse() ? "yes" : "no") + "</td></tr>");
        }
        w.println("</tbody></table>");

        w.println("<h2>Bundles</h2>");
        w.println("<table class='nicetable' id='fluxmq-bundles'><thead><tr><th>Id</th><th>Symbolic name</th>"
                + "<th>Version</th><th>State</th></tr></thead><tbody>");
        for (BundleRow b : status.bundles()) {
            w.println("<tr><td>" + b.id() + "</td><td>" + Html.escape(b.symbolicName()) + "</td><td>"
                    + Html.escape(b.version()) + "</td><td>" + Html.escape(b.state()) + "</td></tr>");
        }
        w.println("</tbody></table>");
        w.println("</div>");
    }

    private static void row(PrintWriter w, String name, String value, String id) {
        w.println("<tr><th>" + Html.escape(name) + "</th><td id='" + id + "'>" + Html.escape(value) + "</td></tr>");
    }
}
