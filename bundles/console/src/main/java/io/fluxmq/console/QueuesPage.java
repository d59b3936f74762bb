package io.fluxmq.console;

import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueStats;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The "FluxMQ / Queues" page of the Web Console: every open queue with its statistics and consumer groups. */
@Component(service = Servlet.class, name = "io.fluxmq.console.queues.page", configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {
            "felix.webconsole.label=fluxmq-queues",
            "felix.webconsole.title=Queues",
            "felix.webconsole.category=FluxMQ"
        })
public class QueuesPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile QueueManager manager;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter w = resp.getWriter();
        QueueManager m = manager;
        w.println("<div id='fluxmq-queues'>");
        if (m == null) {
            w.println("<p>No queue manager is running.</p></div>");
            return;
        }
        w.println("<table class='nicetable' id='fluxmq-queue-table'><thead><tr><th>Queue</th><th>Type</th><th>Depth</th>"
                + "<th>Bytes</th><th>Pending</th><th>Consumers</th><th>Enqueued</th><th>Delivered</th><th>Acknowledged</th>"
                + "<th>Dead-lettered</th><th>Dropped</th><th>DLQ depth</th></tr></thead><tbody>");
        var rows = QueueRow.of(m);
        if (rows.isEmpty()) {
            w.println("<tr><td colspan='12'>No queues.</td></tr>");
        }
        for (QueueRow r : rows) {
            QueueStats s = r.stats();
            w.println("<tr><td>" + Html.escape(r.name()) + "</td><td>" + Html.escape(r.type()) + "</td><td>" + s.depth()
                    + "</td><td>" + s.bytes() + "</td><td>" + s.pending() + "</td><td>" + s.consumers() + "</td><td>"
                    + s.enqueued() + "</td><td>" + s.delivered() + "</td><td>" + s.acknowledged() + "</td><td>"
                    + s.deadLettered() + "</td><td>" + s.dropped() + "</td><td>" + r.deadLetterDepthText() + "</td></tr>");
        }
        w.println("</tbody></table>");
        w.println("<h2>Consumer groups</h2>");
        w.println("<table class='nicetable' id='fluxmq-group-table'><thead><tr><th>Queue</th><th>Group</th><th>Consumers</th>"
                + "<th>Committed offset</th><th>Lag</th><th>Pending</th></tr></thead><tbody>");
        for (QueueRow r : rows) {
            for (QueueStats.GroupStats g : r.stats().groups()) {
                w.println("<tr><td>" + Html.escape(r.name()) + "</td><td>" + Html.escape(g.group()) + "</td><td>"
                        + g.consumers() + "</td><td>" + g.committedOffset() + "</td><td>" + g.lag() + "</td><td>"
                        + g.pending() + "</td></tr>");
            }
        }
        w.println("</tbody></table></div>");
    }
}
