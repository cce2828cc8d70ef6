package org.bridgeway.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Bridgeway command line of the production jar: serve, verify the audit log, explain a policy decision, look
 * after deliveries. The development launcher ({@code ./bridgeway}, module bridgeway-devtools) adds the demo, the
 * benchmarks and the development PKI to this same command line.
 */
@Command(name = "bridgeway", mixinStandardHelpOptions = true, version = "Bridgeway 0.1.0",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the command could not do its work (one line on standard error says why and what to do;"
                + " BRIDGEWAY_DEBUG=1 adds the stack trace)", "2:a wrong command line or configuration file"},
        description = "Secure information-sharing gateway between police forces and their partner agencies.",
        subcommands = {ServeCommand.class, BrokerCommand.class, KeysCommand.class, AuditCommand.class, PolicyCommand.class, DeliveriesCommand.class,
                HandoversCommand.class})
public final class BridgewayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The production command line; with {@code development}, {@code serve} also offers the development modes. */
    public static CommandLine commandLine(Optional<DevelopmentServing> development) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new BridgewayCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ServeCommand.class ? type.cast(new ServeCommand(development)) : defaults.create(type);
            }
        });
        // serve's options also from the environment and a configuration file; every command fails in one line
        cli.getSubcommands().get("serve").setDefaultValueProvider(new ConfigurationDefaults(System::getenv));
        return CommandFailures.install(cli);
    }

    public static void main(String[] args) {
        System.exit(commandLine(Optional.empty()).execute(args));
    }
}
