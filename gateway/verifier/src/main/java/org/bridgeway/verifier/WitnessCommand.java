package org.bridgeway.verifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.witness.Witness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code witness}: fetches the gateway's latest head, checks it against the head seen before with a consistency
 * proof, countersigns it and hands the cosignature to the gateway. {@code witness serve} answers the log instead.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, description = WitnessCommand.DESCRIPTION,
        subcommands = WitnessServeCommand.class)
public class WitnessCommand extends LogCommand {
    public static final String DESCRIPTION =
            "Check the gateway's latest tree head is consistent with the last one seen, and countersign it.";

    @Option(names = "--gateway", paramLabel = "URL",
            description = "The gateway, e.g. https://127.0.0.1:8080 (mutual TLS: give a client certificate). Required.")
    protected URI gateway;

    @Mixin
    protected WitnessIdentity identity;

    @Mixin
    protected GatewayConnection connection;

    /** How the witness reaches the gateway; the gateway's own command line adds its development PKI. */
    protected HttpClient httpClient() throws IOException {
        return connection.http();
    }

    @Override
    public Integer call() throws Exception {
        if (gateway == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--gateway=URL'");
        }
        NoteKey log = log();
        Witness witness = new Witness(gateway, log, identity.name(), identity.signingKey(spec),
                identity.state(), Clock.systemUTC(), httpClient());
        if (connection.bearerToken() != null) {
            witness = witness.withBearerToken(connection.bearerToken());
        }
        String name = identity.name();
        try {
            Witness.Outcome outcome = witness.run();
            out().printf("witness %s cosigned tree head %d of %s%s%n", name, outcome.cosigned().size(),
                    outcome.cosigned().origin(), outcome.previousSize() < 0 ? " (first head seen)"
                            : ", consistent with head " + outcome.previousSize() + " seen before");
            return 0;
        } catch (Witness.Refusal e) {
            out().printf("witness %s REFUSED: %s%n", name, e.getMessage());
            return 1;
        }
    }

    /** Who the witness is: its key, its name in cosignatures, and where it keeps the last head it cosigned. */
    public static final class WitnessIdentity {
        @Option(names = "--key", paramLabel = "KEY",
                description = "This witness's Ed25519 key file (hex); created, owner-only, on first use. Required.")
        Path key;

        @Option(names = "--name", paramLabel = "NAME",
                description = "This witness's name in its cosignatures (default " + DEFAULT_NAME + ").")
        String name;

        @Option(names = "--state", paramLabel = "FILE", description = "The last head cosigned (default: KEY.checkpoint).")
        Path state;

        static final String DEFAULT_NAME = "bridgeway-witness";

        String name() {
            return name != null ? name : DEFAULT_NAME;
        }

        SigningKey signingKey(picocli.CommandLine.Model.CommandSpec spec) {
            if (key == null) {
                throw new ParameterException(spec.commandLine(), "Missing required option: '--key=KEY'");
            }
            return SigningKey.loadOrCreateFile(key);
        }

        Path state() {
            return state != null ? state : Path.of(key + ".checkpoint");
        }
    }
}
