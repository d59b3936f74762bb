package io.fluxmq.config;

/**
 * Where the watcher reports. Every message starts with its code ({@code CONFIG-0001} ...), listed
 * in the README. Behind an interface so that tests can assert what an operator would read.
 */
interface ConfigLog {
    void info(String message);

    void warn(String message);

    void error(String message);
}
