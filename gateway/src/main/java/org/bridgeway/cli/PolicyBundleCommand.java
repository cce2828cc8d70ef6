package org.bridgeway.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.policy.EmbeddedDecisionPoint;
import org.bridgeway.policy.OpaBundle;
import org.bridgeway.policy.PolicyLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes the OPA bundle (Rego and agreements as data) that an OPA server decides with. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Write an OPA bundle of the Rego policy and the agreements (validated first).")
final class PolicyBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder to write the bundle to.")
    Path out;

    @Option(names = "--agreements", description = "Agreements folder (default policies/agreements).")
    Path agreements;

    @Override
    public Integer call() {
        Path policies = GatewayConfig.locateProjectRoot().resolve("policies");
        Path agreementsDir = agreements != null ? agreements : policies.resolve("agreements");
        try {
            Path written = OpaBundle.write(agreementsDir, policies.resolve("rego"), out);
            spec.commandLine().getOut().printf("OPA bundle written to %s (revision %s)%n", written,
                    new EmbeddedDecisionPoint(agreementsDir).revision());
            return 0;
        } catch (UncheckedIOException e) {
            throw new CommandFailure("cannot write the OPA bundle: " + org.bridgeway.verifier.FileProblems.describe(e.getCause()),
                    "give --out a directory this user can write", e);
        } catch (PolicyLoadException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        }
    }
}
