package org.bridgeway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Bridgeway command line: run the demo, serve, benchmark, verify the audit log, explain a policy decision,
 * generate the development PKI.
 */
@Command(name = "bridgeway", mixinStandardHelpOptions = true, version = "Bridgeway 0.1.0",
        description = "Secure information-sharing gateway between police forces and their partner agencies.",
        subcommands = {DemoCommand.class, ServeCommand.class, BenchCommand.class, AuditCommand.class,
                PolicyCommand.class, CertsDevCommand.class, DeliveriesCommand.class})
public final class BridgewayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BridgewayCommand()).execute(args));
    }
}
