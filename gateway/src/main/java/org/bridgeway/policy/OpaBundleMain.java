package org.bridgeway.policy;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes an OPA bundle ({@link OpaBundle#write}) from the command line, for scripts that run before the
 * {@code bridgeway} launcher is wired ({@code policies/opa-checks.sh}):
 *
 * <pre>java -cp 'gateway/target/bridgeway-gateway.jar:gateway/target/lib/*' org.bridgeway.policy.OpaBundleMain \
 *     policies/agreements policies/rego OUT_DIR</pre>
 *
 * Prints the bundle directory and its revision. Exit status: 0 written, 1 the agreements or the Rego were refused
 * or the bundle could not be written (the reason on standard error), 2 wrong arguments.
 */
public final class OpaBundleMain {

    private OpaBundleMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: OpaBundleMain AGREEMENTS_DIR REGO_DIR OUT_DIR");
            return 2;
        }
        try {
            Path out = OpaBundle.write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
            String revision = new EmbeddedDecisionPoint(Path.of(args[0])).revision();
            System.out.println("OPA bundle written to " + out + " (revision " + revision + ")");
            return 0;
        } catch (PolicyLoadException | UncheckedIOException e) {
            System.err.println("opa bundle: " + e.getMessage());
            return 1;
        }
    }
}
