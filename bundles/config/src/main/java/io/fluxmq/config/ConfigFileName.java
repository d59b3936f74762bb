package io.fluxmq.config;

/**
 * What a file name in etc/ stands for. {@code <pid>.config} and {@code <pid>.cfg} are singleton
 * configurations; {@code <factoryPid>-<name>.config} is the named factory configuration
 * {@code <factoryPid>~<name>} (OSGi R7 104.4.2). The first {@code '-'} separates the two parts, as
 * in FileInstall: PIDs are dotted names, so the dash is free to mean "instance of".
 *
 * @param fileName   the file name, e.g. {@code org.apache.felix.fileinstall-deploy.cfg}
 * @param factoryPid the factory PID, or null for a singleton configuration
 * @param name       the factory configuration's name, or null for a singleton configuration
 * @param pid        the configuration's PID as Configuration Admin reports it
 * @param typed      true for the typed {@code .config} format, false for {@code .cfg} properties
 */
record ConfigFileName(String fileName, String factoryPid, String name, String pid, boolean typed) {
    static final String TYPED = ".config";
    static final String PROPERTIES = ".cfg";

    /** Whether the watcher should look at this file at all (hidden and temporary files are skipped). */
    static boolean isCandidate(String fileName) {
        return !fileName.startsWith(".") && (fileName.endsWith(TYPED) || fileName.endsWith(PROPERTIES));
    }

    boolean isFactory() {
        return factoryPid != null;
    }

    /** @throws ConfigFileException when the name cannot be turned into a PID */
    static ConfigFileName parse(String fileName) throws ConfigFileException {
        if (!isCandidate(fileName)) {
            throw new ConfigFileException(0, "not a configuration file name (expected <pid>.config or <pid>.cfg)");
        }
        boolean typed = fileName.endsWith(TYPED);
        String base = fileName.substring(0, fileName.length() - (typed ? TYPED : PROPERTIES).length());
        if (base.isEmpty()) {
            throw new ConfigFileException(0, "file name has no PID before the extension");
        }
        if (base.chars().anyMatch(c -> Character.isWhitespace(c) || c == '~' || c == '(' || c == ')' || c == '*'
                || c == '=' || c == '\\')) {
            throw new ConfigFileException(0, "invalid character in the PID '" + base
                    + "' (blanks, ~ ( ) * = and \\ are not allowed)");
        }
        int dash = base.indexOf('-');
        if (dash < 0) {
            return new ConfigFileName(fileName, null, null, base, typed);
        }
        String factoryPid = base.substring(0, dash);
        String name = base.substring(dash + 1);
        if (factoryPid.isEmpty() || name.isEmpty()) {
            throw new ConfigFileException(0, "factory configuration file names are <factoryPid>-<name>"
                    + (typed ? TYPED : PROPERTIES) + ", both parts non-empty");
        }
        return new ConfigFileName(fileName, factoryPid, name, factoryPid + "~" + name, typed);
    }
}
