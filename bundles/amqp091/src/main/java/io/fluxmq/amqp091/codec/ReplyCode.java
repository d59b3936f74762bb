package io.fluxmq.amqp091.codec;

/**
 * The AMQP 0.9.1 reply codes, as carried by {@code connection.close}, {@code channel.close} and
 * {@code basic.return}. Codes from 300 to 499 are soft (channel-level) errors, codes from 500 up and
 * 320/402 are hard (connection-level) errors.
 */
public final class ReplyCode {
    public static final int REPLY_SUCCESS = 200;
    public static final int CONTENT_TOO_LARGE = 311;
    public static final int NO_ROUTE = 312;
    public static final int NO_CONSUMERS = 313;
    public static final int CONNECTION_FORCED = 320;
    public static final int INVALID_PATH = 402;
    public static final int ACCESS_REFUSED = 403;
    public static final int NOT_FOUND = 404;
    public static final int RESOURCE_LOCKED = 405;
    public static final int PRECONDITION_FAILED = 406;
    public static final int FRAME_ERROR = 501;
    public static final int SYNTAX_ERROR = 502;
    public static final int COMMAND_INVALID = 503;
    public static final int CHANNEL_ERROR = 504;
    public static final int UNEXPECTED_FRAME = 505;
    public static final int RESOURCE_ERROR = 506;
    public static final int NOT_ALLOWED = 530;
    public static final int NOT_IMPLEMENTED = 540;
    public static final int INTERNAL_ERROR = 541;

    private ReplyCode() {
    }

    /**
     * Whether an error with this code closes the whole connection rather than just the channel.
     *
     * @param code a reply code
     * @return true for the hard errors (320, 402 and 501 to 541), false for the soft ones and for
     *     codes that are not errors or not known
     */
    public static boolean isConnectionLevel(int code) {
        switch (code) {
            case CONNECTION_FORCED:
            case INVALID_PATH:
            case FRAME_ERROR:
            case SYNTAX_ERROR:
            case COMMAND_INVALID:
            case CHANNEL_ERROR:
            case UNEXPECTED_FRAME:
            case RESOURCE_ERROR:
            case NOT_ALLOWED:
            case NOT_IMPLEMENTED:
            case INTERNAL_ERROR:
                return true;
            default:
                return false;
        }
    }

    /**
     * The name of a reply code as the specification spells it, for example {@code PRECONDITION_FAILED}.
     *
     * @param code a reply code
     * @return its name, or {@code UNKNOWN_} followed by the number for a code that is not defined
     */
    public static String name(int code) {
        switch (code) {
            case REPLY_SUCCESS: return "REPLY_SUCCESS";
            case CONTENT_TOO_LARGE: return "CONTENT_TOO_LARGE";
            case NO_ROUTE: return "NO_ROUTE";
            case NO_CONSUMERS: return "NO_CONSUMERS";
            case CONNECTION_FORCED: return "CONNECTION_FORCED";
            case INVALID_PATH: return "INVALID_PATH";
            case ACCESS_REFUSED: return "ACCESS_REFUSED";
            case NOT_FOUND: return "NOT_FOUND";
            case RESOURCE_LOCKED: return "RESOURCE_LOCKED";
            case PRECONDITION_FAILED: return "PRECONDITION_FAILED";
            case FRAME_ERROR: return "FRAME_ERROR";
            case SYNTAX_ERROR: return "SYNTAX_ERROR";
            case COMMAND_INVALID: return "COMMAND_INVALID";
            case CHANNEL_ERROR: return "CHANNEL_ERROR";
            case UNEXPECTED_FRAME: return "UNEXPECTED_FRAME";
            case RESOURCE_ERROR: return "RESOURCE_ERROR";
            case NOT_ALLOWED: return "NOT_ALLOWED";
            case NOT_IMPLEMENTED: return "NOT_IMPLEMENTED";
            case INTERNAL_ERROR: return "INTERNAL_ERROR";
            default: return "UNKNOWN_" + code;
        }
    }
}
