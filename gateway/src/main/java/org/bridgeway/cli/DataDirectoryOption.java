package org.bridgeway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bridgeway.gateway.GatewayConfig;
import picocli.CommandLine.Option;

/** Which gateway's data a command works on: --data, else ./data under the project root. */
final class DataDirectoryOption {
    private static final String WHICH = "point --data at the gateway's data directory (default ./data; the demo's is"
            + " ./data/demo)";

    @Option(names = "--data", description = "Data directory (default ./data).")
    Path data;

    Path resolve(GatewayConfig defaults) {
        return data != null ? data.toAbsolutePath() : defaults.dataDirectory();
    }

    Path resolve() {
        return resolve(GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()));
    }

    /**
     * The data directory of a gateway that has run, for a command that reads it: refused when it is not one, before
     * anything opens (and would create) a database there.
     */
    Path existing(GatewayConfig defaults, DatabaseOptions database) {
        Path dir = resolve(defaults);
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure(Files.exists(dir) ? dir + " is not a directory" : "no data directory " + dir, WHICH);
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new CommandFailure("cannot read the data directory " + dir,
                    "run as the user the gateway runs as, or give it read access");
        }
        if (database.embedded() && !Files.exists(dir.resolve("db").resolve("bridgeway.mv.db"))) {
            throw new CommandFailure("no gateway database in " + dir, WHICH + ", or give --database-url");
        }
        return dir;
    }
}
