package org.bridgeway.dev.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.verifier.FileProblems;
import picocli.CommandLine.Command;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.verifier.FileProblems;
import picocli.CommandLine.Model.CommandSpec;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.verifier.FileProblems;
import picocli.CommandLine.Option;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.verifier.FileProblems;
import picocli.CommandLine.Spec;
import org.bridgeway.transport.PkiDirectory;

/**
 * Generates the development PKI. Prints paths, subjects and fingerprints so a developer can check what a peer
 * presents; never passwords or keys, which stay in the PKCS#12 stores and the owner-only passwords file.
 */
@Command(name = "certs-dev", mixinStandardHelpOptions = true,
        description = "Generate the development CA and certificates for the gateway and the demo organisations.")
final class CertsDevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", description = "Folder to write to (default certs-dev/out under the project root).")
    Path out;

    @Option(names = "--force", description = "Regenerate even if a set is already there (replaces every key).")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            Path dir = out != null ? out : GatewayConfig.locateProjectRoot().resolve("certs-dev/out");
            if (force) {
                DevelopmentPki.regenerate(dir);
                stdout.printf("Development PKI regenerated in %s%n", dir);
            } else if (DevelopmentPki.ensure(dir)) {
                stdout.printf("Development PKI generated in %s%n", dir);
            } else {
                stdout.printf("Development PKI already present in %s (--force regenerates it)%n", dir);
            }
            printCertificates(stdout, dir);
            stdout.printf("%nCRL:            %s%n", dir.resolve(PkiDirectory.CRL));
            stdout.printf("Trust store:    %s%n", dir.resolve(DevelopmentPki.TRUST_STORE));
            stdout.printf("Key stores:     *.p12 beside each certificate; passwords in %s (keep private)%n",
                    dir.resolve(PkiDirectory.PASSWORDS));
            stdout.flush();
            return 0;
        } catch (UncheckedIOException e) {
            throw new CommandFailure(e.getMessage() + ": " + FileProblems.describe(e.getCause()),
                    "give --out a directory this user can write", e);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static void printCertificates(PrintWriter stdout, Path dir) {
        for (DevelopmentPki.CertificateFile cert : DevelopmentPki.describe(dir)) {
            stdout.printf("%n%s%n  subject: %s%n  sha256:  %s%n", dir.relativize(cert.file()), cert.subject(),
                    cert.sha256Fingerprint());
        }
    }
}
