package org.bridgeway.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.receipt.InvalidReceiptException;
import org.bridgeway.audit.receipt.ReceiptVerifier;
import org.bridgeway.audit.receipt.SeenHeads;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.verify.AuditLogVerifier;
import org.bridgeway.audit.witness.Witness;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Offline checks of the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit log offline.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.VerifyReceipt.class, AuditCommand.WitnessRun.class})
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    private static final String ORIGIN_HELP = "The log's origin, as its checkpoints name it (default: bridgeway/<operator>).";

    /** The origin given, or the default operator's log: what a checkpoint of another log is refused against. */
    private static String origin(String given) {
        return given != null ? given
                : Gateway.auditOrigin(GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()));
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
            Path dir = data.resolve(defaults);
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

    @Command(name = "verify-receipt", mixinStandardHelpOptions = true,
            description = "Check a receipt (or a document of receipts) offline with only the gateway's certificate.")
    static final class VerifyReceipt implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The receipt JSON.")
        Path file;

        @Option(names = "--cert", required = true, paramLabel = "CERT",
                description = "The gateway's audit-signing certificate (PEM), e.g. data/keys/audit-signing.crt.")
        Path certificate;

        @Option(names = "--origin", description = ORIGIN_HELP)
        String origin;

        @Option(names = "--tsa-cert", description = "A time-stamping authority's certificate (PEM): check the receipt's timestamp token too.")
        Path tsaCertificate;

        @Override
        public Integer call() throws Exception {
            NoteKey log;
            try {
                log = new NoteKey(origin(origin), Certificates.auditKey(certificate));
            } catch (IOException e) {
                spec.commandLine().getOut().printf("receipt NOT VERIFIED: the certificate %s cannot be used: %s%n", certificate, e.getMessage());
                return 1;
            }
            try {
                for (ReceiptVerifier.Checked r : ReceiptVerifier.verifyDocument(Files.readString(file), log,
                        Certificates.optionalX509(tsaCertificate))) {
                    spec.commandLine().getOut().printf("receipt OK: entry %d is in log %s at tree size %d, signed by the gateway%s%n",
                            r.index(), r.origin(), r.treeSize(), r.timestamped().map(t -> ", timestamped " + t).orElse(""));
                }
                return 0;
            } catch (InvalidReceiptException e) {
                spec.commandLine().getOut().printf("receipt NOT VERIFIED (%s): %s%n", file, e.getMessage());
                return 1;
            } catch (java.nio.charset.MalformedInputException e) {
                spec.commandLine().getOut().printf("receipt NOT VERIFIED (%s): not UTF-8 text%n", file);
                return 1;
            }
        }
    }

    @Command(name = "witness", mixinStandardHelpOptions = true,
            description = "Check the gateway's latest tree head is consistent with the last one seen, and countersign it.")
    static final class WitnessRun implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--gateway", required = true, paramLabel = "URL", description = "The gateway, e.g. https://127.0.0.1:8080 (mutual TLS: give --tls-dir or --client-cert).")
        URI gateway;

        @Option(names = "--key", required = true, paramLabel = "KEY",
                description = "This witness's Ed25519 key file (hex); created, owner-only, on first use.")
        Path key;

        @Option(names = "--cert", required = true, paramLabel = "CERT", description = "The gateway's audit-signing certificate (PEM).")
        Path certificate;

        @Option(names = "--origin", description = ORIGIN_HELP)
        String origin;

        @Option(names = "--name", defaultValue = "bridgeway-witness", description = "This witness's name in its cosignatures (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--state", paramLabel = "FILE", description = "The last head seen (default: KEY.checkpoint).")
        Path state;

        @Option(names = "--tls-dir", paramLabel = "DIR",
                description = "The development PKI (certs-dev/out) holding --client's certificate and the gateway's CA.")
        Path tlsDir;

        @Option(names = "--client", paramLabel = "NAME", defaultValue = "police-kent",
                description = "With --tls-dir: the partner whose client certificate the witness presents (default ${DEFAULT-VALUE}).")
        String client;

        @Option(names = "--client-cert", paramLabel = "P12",
                description = "Instead of --tls-dir: the witness's client certificate (PKCS#12; password from " + ClientTls.PASSWORD_VARIABLE + ").")
        Path clientCertificate;

        @Option(names = "--ca-cert", paramLabel = "PEM", description = "With --client-cert: the CA of the gateway's TLS certificate.")
        Path caCertificate;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "A file holding the witness system's certificate-bound access token, for a gateway that checks tokens.")
        Path tokenFile;

        private static String readToken(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the token file " + file, e);
            }
        }

        @Override
        public Integer call() throws Exception {
            Logging.quiet();
            Path seen = state != null ? state : Path.of(key + ".checkpoint");
            NoteKey log = new NoteKey(origin(origin), Certificates.auditKey(certificate));
            java.net.http.HttpClient http;
            if (clientCertificate != null) {
                if (caCertificate == null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--client-cert needs --ca-cert");
                }
                http = ClientTls.ownPki(clientCertificate, caCertificate);
            } else if (tlsDir != null) {
                http = ClientTls.developmentPki(tlsDir, client);
            } else {
                http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
            }
            Witness witness = new Witness(gateway, log, name, SigningKey.loadOrCreateFile(key), seen,
                    Clock.systemUTC(), http);
            if (tokenFile != null) {
                // read at each request, so a token refreshed in the file by the partner's agent is picked up
                witness = witness.withBearerToken(() -> readToken(tokenFile));
            }
            try {
                Witness.Outcome outcome = witness.run();
                spec.commandLine().getOut().printf("witness %s cosigned tree head %d of %s%s%n", name, outcome.cosigned().size(),
                        outcome.cosigned().origin(), outcome.previousSize() < 0 ? " (first head seen)"
                                : ", consistent with head " + outcome.previousSize() + " seen before");
                return 0;
            } catch (Witness.Refusal e) {
                spec.commandLine().getOut().printf("witness %s REFUSED: %s%n", name, e.getMessage());
                return 1;
            }
        }
    }
}
