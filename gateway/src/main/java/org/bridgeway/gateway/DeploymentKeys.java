package org.bridgeway.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.audit.NoticeFingerprint;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.locator.LocatorKeys;
import org.bridgeway.pipeline.RepeatedMissingWatch;
import org.bridgeway.pipeline.RepeatedSuspensionWatch;
import org.bridgeway.store.Database;

/**
 * Every gateway node of one deployment signs the one audit log with the same key and derives the same match keys
 * (the repeated-suspension and repeated-missing watches, the locator, notice fingerprints): otherwise heads signed by
 * two keys make the log unverifiable, and a child recorded through one node is never matched through another. The
 * first node to start records a fingerprint of each key in the database they share; a node whose keys differ refuses
 * to start, naming the key, before it writes anything.
 */
public final class DeploymentKeys {
    /** The keyed digests' secrets, each a file of the keys directory. */
    private static final List<String> KEYED_DIGESTS = List.of(NoticeFingerprint.KEY_FILE,
            RepeatedSuspensionWatch.KEY_FILE, RepeatedMissingWatch.KEY_FILE, LocatorKeys.KEY_FILE);
    /** The public half of the audit signing key, and the keyed digests' secrets. */
    private static final String PUBLIC_KEY = "audit-signing.ed25519.pub";
    private static final String SECRET_SUFFIX = ".key";
    /** Hashed with each key, so that a fingerprint is not a plain hash of a secret used elsewhere. */
    private static final String LABEL = "bridgeway deployment key fingerprint\n";

    private DeploymentKeys() {
    }

    /**
     * Every key a gateway uses, in {@code keysDirectory}: those already there are read, the others made (the audit
     * signing key with its public half and a certificate naming {@code auditOrigin}, and each keyed digest's secret).
     * Returns the signing key. Run by each node at start, and once by {@code bridgeway keys init} for a deployment
     * whose nodes must all start with the same keys.
     */
    public static SigningKey ensure(Path keysDirectory, String auditOrigin) {
        SigningKey signing = SigningKey.loadOrCreate(keysDirectory);
        AuditCertificate.loadOrCreate(keysDirectory, signing, auditOrigin);
        KEYED_DIGESTS.forEach(file -> KeyedDigest.loadOrCreate(keysDirectory, file));
        return signing;
    }

    /**
     * Records the fingerprints of the keys in {@code keysDirectory} where none is recorded yet, and checks the rest.
     *
     * @throws IllegalStateException naming the first key that differs from the deployment's
     */
    static void check(DataSource dataSource, Path keysDirectory, Instant now) {
        Map<String, String> fingerprints = fingerprints(keysDirectory);
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, String> key : fingerprints.entrySet()) {
                String recorded = recorded(c, key.getKey());
                if (recorded == null) {
                    recordIfAbsent(c, key.getKey(), key.getValue(), now);
                    recorded = recorded(c, key.getKey());
                }
                if (!key.getValue().equals(recorded)) {
                    throw new IllegalStateException("the key " + key.getKey() + " in " + keysDirectory
                            + " is not the one the other gateway nodes of this deployment use (its fingerprint "
                            + shortened(key.getValue()) + " differs from " + shortened(recorded)
                            + "): give every node the same keys (--keys)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check this node's keys against the deployment's: "
                    + e.getMessage(), e);
        }
    }

    /** Each key's fingerprint, by file name, as the deployment records it. */
    public static Map<String, String> fingerprints(Path keysDirectory) {
        Map<String, String> fingerprints = new TreeMap<>();
        try (Stream<Path> files = Files.list(keysDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals(PUBLIC_KEY) || name.endsWith(SECRET_SUFFIX)) {
                    fingerprints.put(name, Digests.sha256((LABEL + Files.readString(file).strip())
                            .getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keys in " + keysDirectory, e);
        }
        return fingerprints;
    }

    private static void recordIfAbsent(Connection c, String name, String fingerprint, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO deployment_key (key_name, fingerprint, recorded_at) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, fingerprint);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Database.isConstraintViolation(e)) {
                throw e;
            }
            // another node recorded it in the meantime: checked below
        }
    }

    private static String shortened(String fingerprint) {
        return fingerprint == null ? "none" : fingerprint.substring(0, 12) + "…";
    }

    /** The fingerprint recorded for {@code name}; null when none is yet. */
    private static String recorded(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM deployment_key WHERE key_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
