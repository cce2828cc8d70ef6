package org.bridgeway.audit.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.timestamp.Rfc3161Client;
import org.bridgeway.audit.verify.AuditLogVerifier;
import org.bridgeway.dev.tsa.DevelopmentTimestampAuthority;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree heads get RFC 3161 tokens from a real (loopback) time-stamping authority; its outage stops nothing. */
class TimestampedHeadsTest {
    private static final String ORIGIN = "bridgeway/local-authority:886";

    @TempDir
    Path dir;

    @Test
    void headsSignedDuringAnOutageAreTimestampedWhenTheAuthorityReturns() throws Exception {
        SigningKey key = SigningKey.generate();
        try (DevelopmentTimestampAuthority tsa = DevelopmentTimestampAuthority.start();
             Database database = Database.embedded(dir.resolve("db"))) {
            JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
            TreeHeadSigner signer = new TreeHeadSigner(store, key, ORIGIN, Clock.systemUTC(),
                    Duration.ofHours(1), Optional.of(new Rfc3161Client(tsa.url(), tsa.certificate(),
                    Duration.ofMillis(500), Duration.ofMillis(500))));
            MerkleAuditLog log = new MerkleAuditLog(store, signer, Clock.systemUTC());
            try {
                tsa.setAvailable(false);
                for (int i = 0; i < 3; i++) {
                    log.append(event(i)); // exchanges go on while the authority is down
                    log.signHeadNow();
                    signer.timestampPending();
                }
                assertThat(untimestamped(database)).isEqualTo(3);
                assertThat(log.latestHead().timestampToken()).isEmpty();

                tsa.setAvailable(true);
                signer.timestampPending();
                assertThat(untimestamped(database)).isZero();
                assertThat(log.latestHead().timestampToken()).isPresent();
                NoteKey noteKey = signer.key();
                assertThat(new AuditLogVerifier(store, noteKey, Optional.of(tsa.certificate()))
                        .verify().valid()).isTrue();

                // a token from another authority, or over another head, does not pass
                try (DevelopmentTimestampAuthority other = DevelopmentTimestampAuthority.start()) {
                    AuditVerification v = new AuditLogVerifier(store, noteKey,
                            Optional.of(other.certificate())).verify();
                    assertThat(v.valid()).isFalse();
                    assertThat(v.problem()).contains("timestamp token on the signed head of size 1");
                }
                try (Connection c = database.dataSource().getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE audit_tree_head SET timestamp_token = "
                             + "(SELECT timestamp_token FROM audit_tree_head WHERE tree_size = 1) WHERE tree_size = 2")) {
                    ps.executeUpdate();
                }
                AuditVerification swapped = new AuditLogVerifier(store, noteKey,
                        Optional.of(tsa.certificate())).verify();
                assertThat(swapped.valid()).isFalse();
                assertThat(swapped.problem()).contains("timestamp token on the signed head of size 2");
            } finally {
                log.close();
            }
        }
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(AuditEventType.RECEIVED, "exchange-" + i, "local-authority:886", null, Map.of());
    }

    private static long untimestamped(Database database) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_tree_head WHERE timestamp_token IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
