package io.fluxmq.config;

/**
 * A configuration file that cannot be applied: a syntax error, a value of the wrong type, or a
 * value its metatype rejects. The message is written for an operator and names the problem
 * precisely; {@link #line()} is the 1-based line in the file, or 0 when the problem concerns the
 * file as a whole (its name, its encoding).
 */
final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String problem;

    ConfigFileException(int line, String problem) {
        super(line > 0 ? "line " + line + ": " + problem : problem);
        this.line = line;
        this.problem = problem;
    }

    /** 1-based line number, or 0 when the problem is not tied to a line. */
    int line() {
        return line;
    }

    /** The problem without its line prefix. */
    String problem() {
        return problem;
    }
}
