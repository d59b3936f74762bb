package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyCodeTest {
    @Test
    void hardErrorsAreConnectionLevel() {
        int[] hard = {320, 402, 501, 502, 503, 504, 505, 506, 530, 540, 541};
        for (int code : hard) {
            assertThat(ReplyCode.isConnectionLevel(code)).as("%d", code).isTrue();
        }
    }

    @Test
    void softErrorsAndSuccessAreNotConnectionLevel() {
        int[] soft = {200, 311, 312, 313, 403, 404, 405, 406, 0, 999};
        for (int code : soft) {
            assertThat(ReplyCode.isConnectionLevel(code)).as("%d", code).isFalse();
        }
    }

    @Test
    void names() {
        assertThat(ReplyCode.name(ReplyCode.REPLY_SUCCESS)).isEqualTo("REPLY_SUCCESS");
        assertThat(ReplyCode.name(406)).isEqualTo("PRECONDITION_FAILED");
        assertThat(ReplyCode.name(501)).isEqualTo("FRAME_ERROR");
        assertThat(ReplyCode.name(541)).isEqualTo("INTERNAL_ERROR");
        assertThat(ReplyCode.name(999)).isEqualTo("UNKNOWN_999");
    }

    @Test
    void constants() {
        assertThat(new int[] {ReplyCode.CONTENT_TOO_LARGE, ReplyCode.NO_ROUTE, ReplyCode.NO_CONSUMERS,
            ReplyCode.CONNECTION_FORCED, ReplyCode.INVALID_PATH, ReplyCode.ACCESS_REFUSED, ReplyCode.NOT_FOUND,
            ReplyCode.RESOURCE_LOCKED, ReplyCode.PRECONDITION_FAILED, ReplyCode.FRAME_ERROR, ReplyCode.SYNTAX_ERROR,
            ReplyCode.COMMAND_INVALID, ReplyCode.CHANNEL_ERROR, ReplyCode.UNEXPECTED_FRAME, ReplyCode.RESOURCE_ERROR,
            ReplyCode.NOT_ALLOWED, ReplyCode.NOT_IMPLEMENTED, ReplyCode.INTERNAL_ERROR})
                .containsExactly(311, 312, 313, 320, 402, 403, 404, 405, 406, 501, 502, 503, 504, 505, 506, 530,
                        540, 541);
    }

    @Test
    void exceptionCarriesCodeTextAndMethod() {
        AmqpException e = new AmqpException(ReplyCode.NOT_FOUND, "no queue 'q'", 50, 10);
        assertThat(e.replyCode()).isEqualTo(404);
        assertThat(e.text()).isEqualTo("no queue 'q'");
        assertThat(e.classId()).isEqualTo(50);
        assertThat(e.methodId()).isEqualTo(10);
        assertThat(e.connectionLevel()).isFalse();
        assertThat(e.getMessage()).isEqualTo("NOT_FOUND - no queue 'q'");
        assertThat(e.getStackTrace()).isNotEmpty();
    }

    @Test
    void exceptionWithoutMethod() {
        AmqpException e = new AmqpException(ReplyCode.FRAME_ERROR, "bad");
        assertThat(e.classId()).isZero();
        assertThat(e.methodId()).isZero();
        assertThat(e.connectionLevel()).isTrue();
        assertThat(e.getMessage()).isEqualTo("FRAME_ERROR - bad");
    }
}
