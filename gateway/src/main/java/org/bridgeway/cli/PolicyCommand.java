package org.bridgeway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The policy set offline: explain a decision as a data protection officer reads it; write the OPA bundle. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Work with the information sharing agreements offline (no gateway is started).",
        subcommands = {PolicyExplainCommand.class, PolicyBundleCommand.class})
final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
