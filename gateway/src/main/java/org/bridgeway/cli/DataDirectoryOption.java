package org.bridgeway.cli;

import java.nio.file.Path;
import org.bridgeway.gateway.GatewayConfig;
import picocli.CommandLine.Option;

/** Which gateway's data a command works on: --data, else ./data under the project root. */
final class DataDirectoryOption {
    @Option(names = "--data", description = "Data directory (default ./data).")
    Path data;

    Path resolve(GatewayConfig defaults) {
        return data != null ? data.toAbsolutePath() : defaults.dataDirectory();
    }

    Path resolve() {
        return resolve(GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()));
    }
}
