package io.fluxmq.loadgen.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux's /proc: the broker's (by pid) to
 * relate deliveries to the CPU they cost, and the generator's own ({@code self}) to show that it
 * is not the bottleneck.
 */
public final class ProcessStats {
    /** USER_HZ: the unit of utime and stime in /proc/pid/stat; 100 on every Linux ABI the broker runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Path stat;
    private final Path status;

    private ProcessStats(String pid) {
        this.stat = Path.of("/proc", pid, "stat");
        this.status = Path.of("/proc", pid, "status");
    }

    public static ProcessStats of(long pid) {
        return new ProcessStats(Long.toString(pid));
    }

    public static ProcessStats self() {
        return new ProcessStats("self");
    }

    /** User plus system CPU seconds the process has used so far. */
    public double cpuSeconds() {
        String line = read(stat);
        // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** Resident set size (VmRSS) in bytes. */
    public long residentBytes() {
        for (String line : read(status).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String kb = line.substring(6).trim().split("\\s+")[0];
                return Long.parseLong(kb) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (is the process running?)", e);
        }
    }
}
