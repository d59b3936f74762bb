package io.fluxmq.queue.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorTest {
    @Test
    void parsesEveryForm() {
        assertThat(Cursor.parse(null)).isEqualTo(Cursor.COMMITTED);
        assertThat(Cursor.parse("earliest")).isEqualTo(Cursor.EARLIEST);
        assertThat(Cursor.parse("LATEST")).isEqualTo(Cursor.LATEST);
        assertThat(Cursor.parse("42")).isEqualTo(new Cursor(Cursor.Kind.OFFSET, 42, null));
        assertThat(Cursor.parse("2024-05-01T10:00:00Z").time()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Cursor.parse("2024-05-01T12:00:00.5+02:00").time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.5Z"));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"", "-1", "first", "99999999999999999999", "2024-05-01", "2024-05-01T10:00:00"}) {
            assertThatThrownBy(() -> Cursor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
