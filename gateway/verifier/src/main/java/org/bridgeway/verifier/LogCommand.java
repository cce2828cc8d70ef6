package org.bridgeway.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.audit.note.NoteKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command about one log: which log ({@code --origin}) and its key ({@code --cert}, the gateway's audit-signing
 * certificate). A head naming another log is refused even when the gateway's key signed it.
 */
public abstract class LogCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Option(names = "--cert", paramLabel = "CERT",
            description = "The gateway's audit-signing certificate (PEM), e.g. data/keys/audit-signing.crt. Required.")
    protected Path certificate;

    @Option(names = "--origin", paramLabel = "ORIGIN",
            description = "The log's origin, as its checkpoints name it: bridgeway/<operator org id>. Required unless "
                    + "the gateway's own command line supplies its operator's.")
    protected String origin;

    /** The origin when none is given: none here; the gateway's command line gives its own operator's log. */
    protected String defaultOrigin() {
        return null;
    }

    protected final String origin() {
        String chosen = origin != null ? origin : defaultOrigin();
        if (chosen == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--origin=ORIGIN'");
        }
        return chosen;
    }

    /** The log: its origin and the key its certificate holds. */
    protected final NoteKey log() throws IOException {
        String name = origin();
        if (certificate == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--cert=CERT'");
        }
        return new NoteKey(name, CertificateFiles.auditKey(certificate));
    }

    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
