package org.bridgeway.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.verify.AuditLogVerifier;
import org.bridgeway.store.Database;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log on a real PostgreSQL server, written by two gateway instances at once — each with its own
 * connection pool, writer thread and head signer, sharing the database and the operator's key — from many threads:
 * one tree, no gap, no index used twice, every signed head consistent with every earlier one.
 */
class PostgresAuditLogTest {
    private static final String ORIGIN = "bridgeway/local-authority:886";

    @TempDir
    Path dir;

    @Test
    void twoInstancesAppendingFromManyThreadsMakeOneConsistentTree() throws Exception {
        PostgresServer.TestDatabase db = PostgresServer.newDatabase();
        SigningKey key = SigningKey.generate();
        try (Database first = Database.postgres(db.jdbcUrl(), db.user(), db.password());
             Database second = Database.postgres(db.jdbcUrl(), db.user(), db.password())) {
            // heads on a fast timer too, so both instances sign while the other appends
            List<MerkleAuditLog> logs = List.of(open(first, key), open(second, key));
            int threads = 8;
            int appendsPerThread = 40;
            List<TreeHead> heads = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<AuditRecord>>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    MerkleAuditLog log = logs.get(t % 2);
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<AuditRecord> appended = new ArrayList<>();
                        for (int i = 0; i < appendsPerThread; i++) {
                            List<AuditEvent> exchange = new ArrayList<>();
                            for (int e = 0; e <= i % 4; e++) {
                                exchange.add(new AuditEvent(AuditEventType.RECEIVED, "x-" + thread + "-" + i,
                                        "local-authority:886", null, Map.of("part", e)));
                            }
                            List<AuditRecord> records = log.append(exchange);
                            for (int r = 1; r < records.size(); r++) {
                                assertThat(records.get(r).seq()).isEqualTo(records.get(0).seq() + r);
                            }
                            appended.addAll(records);
                            if (i % 10 == 0) {
                                heads.add(log.signHeadNow());
                            }
                        }
                        return appended;
                    }));
                }
                start.countDown();
                Set<Long> indexes = new HashSet<>();
                for (Future<List<AuditRecord>> f : futures) {
                    for (AuditRecord r : f.get(300, TimeUnit.SECONDS)) {
                        assertThat(indexes.add(r.seq())).as("index %s used once", r.seq()).isTrue();
                    }
                }
                long total = threads * (long) (appendsPerThread / 4 * 10);
                assertThat(indexes).hasSize((int) total);
                assertThat(indexes).allMatch(i -> i >= 0 && i < total);
            } finally {
                pool.shutdownNow();
            }
            heads.add(logs.get(1).signHeadNow());
            heads.sort(Comparator.comparingLong(TreeHead::size));
            for (int i = 1; i < heads.size(); i++) {
                TreeHead a = heads.get(i - 1);
                TreeHead b = heads.get(i);
                ProofVerifier.checkConsistency(a.size(), b.size(), a.note().checkpoint().rootHash(),
                        b.note().checkpoint().rootHash(), logs.get(0).consistencyProof(a.size(), b.size()));
            }
            assertThat(storedHeadSizesAreUnique(first)).isTrue();
            for (MerkleAuditLog log : logs) {
                log.close();
            }
            AuditVerification verification = new AuditLogVerifier(new JdbcAuditStore(first.dataSource()),
                    logs.get(0).signer().key()).verify();
            assertThat(verification.valid()).as(verification.problem()).isTrue();
            assertThat(verification.uncoveredEntries()).isZero();
            assertThat(verification.headsChecked()).isGreaterThan(1);
        }
    }

    private static MerkleAuditLog open(Database database, SigningKey key) {
        JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
        return new MerkleAuditLog(store, new TreeHeadSigner(store, key, ORIGIN, Clock.systemUTC(),
                Duration.ofMillis(50)), Clock.systemUTC());
    }

    private static boolean storedHeadSizesAreUnique(Database database) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*), COUNT(DISTINCT tree_size) FROM audit_tree_head");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) == rs.getLong(2) && rs.getLong(1) > 0;
        }
    }
}
