package org.bridgeway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.gateway.DeploymentKeys;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.Organisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The keys every gateway node of one deployment shares (docs/multi-node.md). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "The keys every gateway node of one deployment shares.",
        subcommands = {KeysCommand.Init.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make a deployment's keys once, before its first node starts: the audit signing key, its "
                    + "certificate and the keyed digests' secrets, owner-only, in a new folder to mount on every node "
                    + "(serve --keys). Prints each key's fingerprint, as the nodes record and check it.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keys", required = true, paramLabel = "DIR", description = "A folder that does not exist "
                + "yet, or is empty.")
        Path keys;

        @Option(names = "--operator", defaultValue = "local-authority:886",
                description = "The organisation the deployment serves, named in the audit certificate (default "
                        + "${DEFAULT-VALUE}; serve --operator).")
        String operator;

        @Override
        public Integer call() throws Exception {
            Path dir = keys.toAbsolutePath();
            if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
                throw new ParameterException(spec.commandLine(), dir + " is not an empty folder: keys are made once, "
                        + "never over others");
            }
            GatewayConfig defaults = GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot());
            GatewayConfig config = new GatewayConfig(defaults.projectRoot(), defaults.dataDirectory(),
                    Organisation.parseId(operator), defaults.httpHost(), defaults.httpPort(), false);
            DeploymentKeys.ensure(dir, Gateway.auditOrigin(config));
            spec.commandLine().getOut().printf("keys made in %s; their fingerprints:%n", dir);
            DeploymentKeys.fingerprints(dir).forEach((name, fingerprint) ->
                    spec.commandLine().getOut().printf("  %-28s %s%n", name, fingerprint));
            return 0;
        }
    }
}
