package org.bridgeway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.bridgeway.audit.AuditLogVerifier;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Offline checks of the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit log offline.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the Merkle tree from storage, check every signed tree head and cosignature; "
                    + "name the first bad entry.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--data", description = "Data directory (default ./data).")
        Path data;

        @Option(names = "--public-key", description = "The gateway's audit public key, hex (default: data/keys/audit-signing.ed25519.pub).")
        String publicKey;

        @Option(names = "--origin", description = "The log's origin, as its checkpoints name it (default: bridgeway/<operator>).")
        String origin;

        @Override
        public Integer call() throws Exception {
            GatewayConfig defaults = GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot());
            Path dir = data != null ? data : defaults.dataDirectory();
            String key = publicKey != null ? publicKey
                    : Files.readString(dir.resolve("keys").resolve("audit-signing.ed25519.pub")).trim();
            NoteKey noteKey = new NoteKey(origin != null ? origin : Gateway.auditOrigin(defaults),
                    HexFormat.of().parseHex(key));
            try (Database db = Database.embedded(dir.resolve("db"))) {
                AuditVerification result = new AuditLogVerifier(db.dataSource(), noteKey).verify();
                if (result.valid()) {
                    System.out.printf("audit log OK: %d entries recomputed, %d signed tree heads verified%s%n",
                            result.entriesChecked(), result.headsChecked(), result.uncoveredEntries() == 0 ? ""
                                    : ", " + result.uncoveredEntries() + " newest entries not yet under a signed head");
                    return 0;
                }
                System.out.printf("audit log BROKEN at entry %d: %s%n", result.firstBadSeq(), result.problem());
                return 1;
            }
        }
    }
}
