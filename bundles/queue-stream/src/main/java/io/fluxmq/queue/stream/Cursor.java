package io.fluxmq.queue.stream;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Where a consumer group starts reading, parsed from {@link io.fluxmq.api.queue.ConsumerSpec#cursor()}.
 *
 * @param offset the offset of {@link Kind#OFFSET}
 * @param time the instant of {@link Kind#TIME}
 */
record Cursor(Kind kind, long offset, Instant time) {
    enum Kind {
        /** No cursor given: the group's committed position, or the end of the log for a new group. */
        COMMITTED,
        EARLIEST,
        LATEST,
        OFFSET,
        /** The first entry appended at or after the instant. */
        TIME
    }

    static final Cursor COMMITTED = new Cursor(Kind.COMMITTED, 0, null);
    static final Cursor EARLIEST = new Cursor(Kind.EARLIEST, 0, null);
    static final Cursor LATEST = new Cursor(Kind.LATEST, 0, null);

    /**
     * Parses "earliest", "latest" (any case), a decimal offset or an ISO-8601 instant, with a zone
     * offset or 'Z' ({@code 2024-05-01T10:00:00Z}, {@code 2024-05-01T12:00:00+02:00}).
     *
     * @param text the cursor, or null for {@link Kind#COMMITTED}
     * @throws IllegalArgumentException for anything else, so that the adapter can refuse the subscription
     */
    static Cursor parse(String text) {
        if (text == null) {
            return COMMITTED;
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("earliest")) {
            return EARLIEST;
        }
        if (t.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return new Cursor(Kind.OFFSET, Long.parseLong(t), null);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("stream cursor offset out of range: " + text, e);
            }
        }
        try {
            return new Cursor(Kind.TIME, 0, OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("stream cursor must be earliest, latest, an offset or an ISO-8601"
                    + " instant with a zone offset: " + text, e);
        }
    }
}
