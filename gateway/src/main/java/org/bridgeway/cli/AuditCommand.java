package org.bridgeway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.receipt.SeenHeads;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.verify.AuditLogVerifier;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.store.Database;
import org.bridgeway.verifier.VerifyConsistencyCommand;
import org.bridgeway.verifier.VerifyInclusionCommand;
import org.bridgeway.verifier.VerifyReceiptCommand;
import org.bridgeway.verifier.WitnessCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline checks of the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit log offline.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.VerifyReceipt.class, AuditCommand.VerifyInclusion.class,
                AuditCommand.VerifyConsistency.class, AuditCommand.WitnessRun.class})
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    private static final String ORIGIN_HELP = "The log's origin, as its checkpoints name it (default: bridgeway/<operator>).";

    /** The origin given, or the default operator's log: what a checkpoint of another log is refused against. */
    private static String origin(String given) {
        return given != null ? given : operatorOrigin();
    }

    private static String operatorOrigin() {
        return Gateway.auditOrigin(GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()));
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the Merkle tree from storage, check every signed tree head and cosignature; "
                    + "name the first bad entry.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataDirectoryOption data;

        @Option(names = "--public-key", description = "The gateway's audit public key, hex (default: data/keys/audit-signing.ed25519.pub).")
        String publicKey;

        @Option(names = "--origin", description = ORIGIN_HELP)
        String origin;

        @Option(names = "--tsa-cert", description = "A time-stamping authority's certificate (PEM): check every head's timestamp token too.")
        Path tsaCertificate;

        @picocli.CommandLine.Mixin
        DatabaseOptions database;

        @Option(names = "--heads", arity = "1..*", paramLabel = "FILE",
                description = "Heads a party has seen: a witness's state file (a signed checkpoint), a receipt or a "
                        + "document of receipts. Fails, naming the head, if the log has forked or shrunk since.")
        List<Path> seenHeads = List.of();

        @Override
        public Integer call() throws Exception {
            List<SignedCheckpoint> seen = new ArrayList<>();
            for (Path file : seenHeads) {
                try {
                    seen.addAll(SeenHeads.read(file));
                } catch (IOException | MalformedNoteException e) {
                    spec.commandLine().getOut().printf("audit log NOT VERIFIED: cannot read the heads in %s: %s%n",
                            file, e.getMessage());
                    return 1;
                }
            }
            GatewayConfig defaults = GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot());
            Path dir = data.existing(defaults, database);
            String key = publicKey != null ? publicKey
                    : Files.readString(dir.resolve("keys").resolve("audit-signing.ed25519.pub")).trim();
            NoteKey noteKey = new NoteKey(origin(origin), HexFormat.of().parseHex(key));
            try (Database db = database.open(dir.resolve("db"))) {
                AuditVerification result = new AuditLogVerifier(new JdbcAuditStore(db.dataSource()), noteKey,
                        Certificates.optionalX509(tsaCertificate)).verify(seen);
                if (result.valid()) {
                    spec.commandLine().getOut().printf("audit log OK: %d entries recomputed, %d signed tree heads verified%s%s%n",
                            result.entriesChecked(), result.headsChecked(), seen.isEmpty() ? ""
                                    : ", extends all " + seen.size() + " head(s) seen", result.uncoveredEntries() == 0 ? ""
                                    : ", " + result.uncoveredEntries() + " newest entries not yet under a signed head");
                    return 0;
                }
                spec.commandLine().getOut().printf("audit log BROKEN at entry %d: %s%n", result.firstBadSeq(), result.problem());
                return 1;
            }
        }
    }

    // The commands a partner runs with the verifier jar, with the gateway's defaults: its operator's log and, for the
    // witness, the development PKI. What they check and print is the verifier's.

    @Command(name = "verify-receipt", mixinStandardHelpOptions = true, description = VerifyReceiptCommand.DESCRIPTION)
    static final class VerifyReceipt extends VerifyReceiptCommand {
        @Override
        protected String defaultOrigin() {
            return operatorOrigin();
        }
    }

    @Command(name = "verify-inclusion", mixinStandardHelpOptions = true, description = VerifyInclusionCommand.DESCRIPTION)
    static final class VerifyInclusion extends VerifyInclusionCommand {
        @Override
        protected String defaultOrigin() {
            return operatorOrigin();
        }
    }

    @Command(name = "verify-consistency", mixinStandardHelpOptions = true,
            description = VerifyConsistencyCommand.DESCRIPTION)
    static final class VerifyConsistency extends VerifyConsistencyCommand {
        @Override
        protected String defaultOrigin() {
            return operatorOrigin();
        }
    }

    /** With {@code serve} (inherited) as its subcommand, which takes the defaults from here. */
    @Command(name = "witness", mixinStandardHelpOptions = true, description = WitnessCommand.DESCRIPTION)
    static final class WitnessRun extends WitnessCommand {
        @Option(names = "--tls-dir", paramLabel = "DIR",
                description = "The development PKI (certs-dev/out) holding --client's certificate and the gateway's CA.")
        Path tlsDir;

        @Option(names = "--client", paramLabel = "NAME", defaultValue = "police-kent",
                description = "With --tls-dir: the partner whose client certificate the witness presents (default ${DEFAULT-VALUE}).")
        String client;

        @Override
        protected String defaultOrigin() {
            return operatorOrigin();
        }

        @Override
        protected java.net.http.HttpClient httpClient() throws IOException {
            return tlsDir != null && !connection.presentsClientCertificate() ? ClientTls.developmentPki(tlsDir, client)
                    : super.httpClient();
        }

        @Override
        public Integer call() throws Exception {
            Logging.quiet();
            return super.call();
        }
    }
}
