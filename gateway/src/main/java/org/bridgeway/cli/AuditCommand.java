package org.bridgeway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.HashChainAuditLog;
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
            description = "Recompute the hash chain and check every signature; name the first bad entry.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--data", description = "Data directory (default ./data).")
        Path data;

        @Option(names = "--public-key", description = "The gateway's audit public key, hex (default: data/keys/audit-signing.ed25519.pub).")
        String publicKey;

        @Override
        public Integer call() throws Exception {
            Path dir = data != null ? data : GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()).dataDirectory();
            String key = publicKey != null ? publicKey
                    : Files.readString(dir.resolve("keys").resolve("audit-signing.ed25519.pub")).trim();
            try (Database db = Database.embedded(dir.resolve("db"))) {
                AuditVerification result = HashChainAuditLog.verify(db.dataSource(), key);
                if (result.valid()) {
                    System.out.printf("audit log OK: %d entries, chain and signatures verified%n", result.entriesChecked());
                    return 0;
                }
                System.out.printf("audit log BROKEN at entry %d: %s%n", result.firstBadSeq(), result.problem());
                return 1;
            }
        }
    }
}
