package io.fluxmq.health;

import java.util.List;

/**
 * What readiness found missing; ready when the list is empty. Rendered as JSON by hand (the
 * broker has no JSON library and needs none for this shape).
 */
record ReadinessReport(List<Problem> problems) {

    /** One thing that keeps the broker from being ready. */
    record Problem(String kind, String name, String detail) {
    }

    boolean ready() {
        return problems.isEmpty();
    }

    String toJson() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"status\":\"").append(ready() ? "UP" : "DOWN").append("\",\"missing\":[");
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"kind\":");
            Json.quote(sb, p.kind());
            sb.append(",\"name\":");
            Json.quote(sb, p.name());
            sb.append(",\"detail\":");
            Json.quote(sb, p.detail());
            sb.append('}');
        }
        return sb.append("]}").toString();
    }
}
