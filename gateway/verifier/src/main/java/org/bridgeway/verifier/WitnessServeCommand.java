package org.bridgeway.verifier;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.witness.Cosigner;
import org.bridgeway.audit.witness.WitnessServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code witness serve}: the witness as a c2sp.org/tlog-witness service the log submits its heads to. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = WitnessServeCommand.DESCRIPTION)
public class WitnessServeCommand extends LogCommand {
    public static final String DESCRIPTION = "Answer the log's add-checkpoint requests (c2sp.org/tlog-witness) "
            + "with this witness's cosignature, until stopped.";

    @ParentCommand
    WitnessCommand witness;

    @Mixin
    WitnessCommand.WitnessIdentity identity;

    /** The witness command's default, so the gateway's command line gives its operator's log here too. */
    @Override
    protected String defaultOrigin() {
        return witness.defaultOrigin();
    }

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7380",
            description = "Where to listen (default ${DEFAULT-VALUE}); put TLS in front of it for other hosts.")
    String listen;

    @Override
    public Integer call() throws Exception {
        int colon = listen.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)));
        Cosigner cosigner = new Cosigner(log(), identity.name(), identity.signingKey(spec), identity.state(),
                Clock.systemUTC());
        try (WitnessServer server = WitnessServer.start(address, cosigner)) {
            out().printf("witness %s (Ed25519 public key %s) serves %s%s for the log %s%n"
                            + "the log is to be given: --witness %s %s%n", identity.name(),
                    HexFormat.of().formatHex(cosigner.witness().publicKey()), server.submissionPrefix(),
                    WitnessServer.PATH, cosigner.log().name(), server.submissionPrefix(),
                    cosigner.witness().verifierKey(NoteKey.COSIGNATURE_V1));
            out().flush();
            new CountDownLatch(1).await(); // until the process is stopped
        }
        return 0;
    }
}
