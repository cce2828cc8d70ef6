package org.bridgeway.audit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.audit.tree.CompactRange.CompletedNode;
import org.bridgeway.audit.tree.KeptLevels;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.NodeSource;
import org.bridgeway.store.Database;

/**
 * The audit log's tables through JDBC, the same SQL on H2 and PostgreSQL: {@code audit_entry} (entries, compressed
 * ({@link EntryCompression}), with their leaf hashes, leaf keys and exchange keys), {@code audit_node} (the perfect
 * subtrees of the kept levels, {@link KeptLevels}; the others fold from them as they are read),
 * {@code audit_tree_state} (the sequencer: one row holding the committed tree size), {@code audit_tree_head} (signed
 * heads and their timestamp tokens) and {@code audit_cosignature}. All SQL on these tables outside the migrations is
 * here.
 */
public final class JdbcAuditStore implements AuditStore {
    /** Keys asked for in one statement: a few hundred buckets, millions of entries. */
    private static final int KEYS_PER_LOOKUP = 256;
    /**
     * Rows read at a time when streaming the whole log: each page is a query of its own from where the last ended,
     * so neither database holds more than a page of the result, whatever the log's size.
     */
    private static final int PAGE_ROWS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAD_COLUMNS = "tree_size, root_hash, issued_at, signed_note, timestamp_token";

    private final DataSource dataSource;

    public JdbcAuditStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    /**
     * A connection, or a SQLException: a pool that has been shut down (H2's throws IllegalStateException) is a
     * database that cannot be reached, like any other.
     */
    private Connection connect() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (RuntimeException e) {
            throw new SQLException("the audit database is not available: " + e.getMessage(), "08003", e);
        }
    }

    @Override
    public long treeSize() {
        try (Connection c = connect()) {
            return treeSize(c, false);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the size of the audit log", e);
        }
    }

    @Override
    public long durableTreeSize() {
        try (Connection c = connect()) {
            long committed = treeSize(c, false);
            Database.syncCommitted(c);
            return committed;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot make the audit log durable before signing", e);
        }
    }

    @Override
    public Sequenced lockSequencer() {
        Connection c = null;
        try {
            c = connect();
            c.setAutoCommit(false);
            return new JdbcSequenced(c, treeSize(c, true));
        } catch (SQLException e) {
            AuditUnavailableException failure = new AuditUnavailableException("cannot lock the audit log's sequencer", e);
            closeAfterFailure(c, failure);
            throw failure;
        }
    }

    @Override
    public TreeReading readTree() {
        try {
            return new JdbcTreeReading(connect());
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit tree", e);
        }
    }

    @Override
    public List<AuditRecord> entriesFor(String exchangeId) {
        if (exchangeId == null) {
            return List.of(); // entries of no exchange are not found by exchange
        }
        // keys of two exchanges may meet: keep only the entries that name this one
        return records("SELECT seq, entry, leaf_hash FROM audit_entry WHERE exchange_key = ? ORDER BY seq",
                ps -> ps.setLong(1, ExchangeKeys.exchangeKey(exchangeId))).stream()
                .filter(r -> exchangeId.equals(r.field("exchangeId"))).toList();
    }

    @Override
    public List<AuditRecord> entries(long from, long to) {
        return records("SELECT seq, entry, leaf_hash FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq",
                ps -> {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                });
    }

    @Override
    public OptionalLong indexOf(String leafHash) {
        try (Connection c = connect()) {
            long[] keys = LeafKeys.leafKeys(treeSize(c, false), leafHash);
            for (int from = 0; from < keys.length; from += KEYS_PER_LOOKUP) {
                int count = Math.min(KEYS_PER_LOOKUP, keys.length - from);
                String sql = "SELECT seq FROM audit_entry WHERE leaf_hash = ? AND leaf_key IN ("
                        + String.join(", ", Collections.nCopies(count, "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setBytes(1, MerkleHash.fromHex(leafHash));
                    for (int i = 0; i < count; i++) {
                        ps.setLong(2 + i, keys[from + i]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return OptionalLong.of(rs.getLong(1));
                        }
                    }
                }
            }
            return OptionalLong.empty();
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
    }

    @Override
    public Optional<Head> head(long size) {
        try (Connection c = connect()) {
            return head(c, size);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the tree heads", e);
        }
    }

    @Override
    public Optional<Head> latestHead() {
        try (Connection c = connect()) {
            return latestHead(c);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the tree heads", e);
        }
    }

    @Override
    public List<Cosignature> cosignatures(long size) {
        try (Connection c = connect()) {
            return cosignatures(c, size);
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the cosignatures", e);
        }
    }

    @Override
    public List<Head> untimestampedHeads(int limit) {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM audit_tree_head "
                     + "WHERE timestamp_token IS NULL ORDER BY tree_size FETCH FIRST " + limit + " ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            List<Head> heads = new ArrayList<>();
            while (rs.next()) {
                heads.add(head(rs));
            }
            return heads;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot timestamp tree heads", e);
        }
    }

    @Override
    public void addTimestamp(long size, String token, String timestampedAt) {
        try (Connection c = connect();
             PreparedStatement update = c.prepareStatement("UPDATE audit_tree_head SET timestamp_token = ?, "
                     + "timestamped_at = ? WHERE tree_size = ? AND timestamp_token IS NULL")) {
            update.setString(1, token);
            update.setString(2, timestampedAt);
            update.setLong(3, size);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot timestamp tree heads", e);
        }
    }

    @Override
    public void putCosignature(long size, Cosignature cosignature, String receivedAt) {
        try (Connection c = connect();
             PreparedStatement delete = c.prepareStatement("DELETE FROM audit_cosignature WHERE tree_size = ? AND witness = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO audit_cosignature "
                     + "(tree_size, witness, public_key, signature_line, received_at) VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            delete.setLong(1, size);
            delete.setString(2, cosignature.witness());
            delete.executeUpdate();
            insert.setLong(1, size);
            insert.setString(2, cosignature.witness());
            insert.setString(3, cosignature.publicKey());
            insert.setString(4, cosignature.signatureLine());
            insert.setString(5, receivedAt);
            insert.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot store a cosignature", e);
        }
    }

    @Override
    public Reading read() {
        Connection c = null;
        try {
            c = connect();
            return new JdbcReading(c);
        } catch (SQLException e) {
            AuditUnavailableException failure = new AuditUnavailableException("cannot read the audit log", e);
            closeAfterFailure(c, failure);
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------------------ shared SQL

    /** The committed tree size; with {@code lock}, holds the sequencer row until the transaction ends. */
    private static long treeSize(Connection connection, boolean lock) throws SQLException {
        String sql = "SELECT tree_size FROM audit_tree_state WHERE id = 1" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit_tree_state row is missing");
            }
            return rs.getLong(1);
        }
    }

    private static Optional<Head> latestHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(tree_size) FROM audit_tree_head");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long size = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : head(c, size);
        }
    }

    private static Optional<Head> head(Connection c, long size) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + HEAD_COLUMNS + " FROM audit_tree_head WHERE tree_size = ?")) {
            ps.setLong(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(head(rs)) : Optional.empty();
            }
        }
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    private static List<Cosignature> cosignatures(Connection c, long size) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT witness, public_key, signature_line "
                + "FROM audit_cosignature WHERE tree_size = ? ORDER BY witness")) {
            return cosignatures(ps, size);
        }
    }

    private static List<Cosignature> cosignatures(PreparedStatement ps, long size) throws SQLException {
        ps.setLong(1, size);
        List<Cosignature> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Cosignature(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<AuditRecord> records(String sql, Binder binder) {
        List<AuditRecord> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit log", e);
        }
        return out;
    }

    /** An entry as read: its time is the one its body records. */
    private static AuditRecord record(long seq, byte[] frame, byte[] leafHash) {
        String json = new String(decompress(seq, frame), StandardCharsets.UTF_8);
        try {
            JsonNode recordedAt = JSON.readTree(json).get("recordedAt");
            return new AuditRecord(seq, recordedAt == null ? null : recordedAt.asText(), json, MerkleHash.hex(leafHash));
        } catch (JsonProcessingException e) {
            throw new AuditUnavailableException("audit entry " + seq + " is not JSON", e);
        }
    }

    private static byte[] decompress(long seq, byte[] frame) {
        try {
            return EntryCompression.decompress(frame);
        } catch (IllegalArgumentException e) {
            throw new AuditUnavailableException("audit entry " + seq + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void closeAfterFailure(AutoCloseable resource, Exception failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ nodes

    /**
     * Reads the kept levels' nodes through statements prepared once and reused, with the level as a parameter: a
     * proof or a verification asks for many nodes, and a statement per node (one SQL text per level) cost more
     * than the lookups themselves. Leaves (level 0) are the entries' own leaf hashes; higher kept subtrees live in
     * audit_node. {@link #all()} serves the levels in between too, folded from these.
     */
    private static final class StoredNodes implements NodeSource {
        private final Connection connection;
        private final KeptLevels.Folding all = KeptLevels.folding(this);
        private PreparedStatement leaf;
        private PreparedStatement node;
        private PreparedStatement leafRun;
        private PreparedStatement nodeRun;

        StoredNodes(Connection connection) {
            this.connection = connection;
        }

        /** Every node, kept or folded. */
        KeptLevels.Folding all() {
            return all;
        }

        @Override
        public byte[] node(int level, long index) {
            try {
                PreparedStatement ps;
                if (level == 0) {
                    ps = leaf != null ? leaf
                            : (leaf = connection.prepareStatement("SELECT leaf_hash FROM audit_entry WHERE seq = ?"));
                    ps.setLong(1, index);
                } else {
                    ps = node != null ? node
                            : (node = connection.prepareStatement("SELECT hash FROM audit_node WHERE lvl = ? AND idx = ?"));
                    ps.setInt(1, level);
                    ps.setLong(2, index);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit tree", e);
            }
        }

        @Override
        public List<byte[]> nodes(int level, long first, int count) {
            try {
                PreparedStatement ps;
                if (level == 0) {
                    ps = leafRun != null ? leafRun : (leafRun = connection.prepareStatement(
                            "SELECT seq, leaf_hash FROM audit_entry WHERE seq >= ? AND seq < ?"));
                    ps.setLong(1, first);
                    ps.setLong(2, first + count);
                } else {
                    ps = nodeRun != null ? nodeRun : (nodeRun = connection.prepareStatement(
                            "SELECT idx, hash FROM audit_node WHERE lvl = ? AND idx >= ? AND idx < ?"));
                    ps.setInt(1, level);
                    ps.setLong(2, first);
                    ps.setLong(3, first + count);
                }
                List<byte[]> hashes = new ArrayList<>(Collections.nCopies(count, null));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hashes.set(Math.toIntExact(rs.getLong(1) - first), rs.getBytes(2));
                    }
                }
                return hashes;
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit tree", e);
            }
        }

        /** The leaves' run from audit_entry, and every higher run from audit_node in one query. */
        @Override
        public Map<KeptLevels.Run, List<byte[]>> runs(List<KeptLevels.Run> runs) {
            Map<KeptLevels.Run, List<byte[]>> read = new LinkedHashMap<>();
            List<KeptLevels.Run> higher = new ArrayList<>();
            for (KeptLevels.Run run : runs) {
                if (run.level() == 0) {
                    read.put(run, nodes(0, run.first(), KeptLevels.Run.LENGTH));
                } else {
                    read.put(run, new ArrayList<>(Collections.nCopies(KeptLevels.Run.LENGTH, null)));
                    higher.add(run);
                }
            }
            if (higher.isEmpty()) {
                return read;
            }
            // a range per run, each on the primary key (an OR of ranges would scan the table on H2)
            String sql = String.join(" UNION ALL ", Collections.nCopies(higher.size(),
                    "SELECT lvl, idx, hash FROM audit_node WHERE lvl = ? AND idx >= ? AND idx < ?"));
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int p = 1;
                for (KeptLevels.Run run : higher) {
                    ps.setInt(p++, run.level());
                    ps.setLong(p++, run.first());
                    ps.setLong(p++, run.first() + KeptLevels.Run.LENGTH);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long index = rs.getLong(2);
                        KeptLevels.Run run = new KeptLevels.Run(rs.getInt(1), index & -KeptLevels.Run.LENGTH);
                        read.get(run).set(Math.toIntExact(index - run.first()), rs.getBytes(3));
                    }
                }
                return read;
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit tree", e);
            }
        }

        void close() throws SQLException {
            try (PreparedStatement a = leaf; PreparedStatement b = node; PreparedStatement c = leafRun;
                 PreparedStatement d = nodeRun) {
                // closes them all, even if one fails
            }
        }
    }

    private static final class JdbcTreeReading implements TreeReading {
        private final Connection connection;
        private final StoredNodes nodes;

        JdbcTreeReading(Connection connection) {
            this.connection = connection;
            this.nodes = new StoredNodes(connection);
        }

        @Override
        public byte[] node(int level, long index) {
            return nodes.all().node(level, index);
        }

        @Override
        public List<byte[]> nodes(int level, long first, int count) {
            return nodes.all().nodes(level, first, count);
        }

        @Override
        public void prefetch(List<KeptLevels.Run> runs) {
            nodes.all().prefetch(runs);
        }

        @Override
        public long treeSize() {
            try {
                return JdbcAuditStore.treeSize(connection, false);
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the size of the audit log", e);
            }
        }

        @Override
        public void close() {
            try (Connection c = connection) {
                nodes.close();
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot close a read of the audit tree", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ writes

    private static final class JdbcSequenced implements Sequenced {
        private final Connection connection;
        private final long treeSize;
        private StoredNodes nodes;
        private PreparedStatement entries;
        private boolean committed;

        JdbcSequenced(Connection connection, long treeSize) {
            this.connection = connection;
            this.treeSize = treeSize;
        }

        @Override
        public long treeSize() {
            return treeSize;
        }

        @Override
        public NodeSource nodes() {
            if (nodes == null) {
                nodes = new StoredNodes(connection);
            }
            return nodes.all();
        }

        @Override
        public Optional<Head> latestHead() {
            try {
                return JdbcAuditStore.latestHead(connection);
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the tree heads", e);
            }
        }

        @Override
        public List<Cosignature> cosignatures(long size) {
            try {
                return JdbcAuditStore.cosignatures(connection, size);
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the cosignatures", e);
            }
        }

        @Override
        public void addEntry(long seq, String exchangeId, byte[] json, byte[] leafHash) {
            try {
                if (entries == null) {
                    entries = connection.prepareStatement("INSERT INTO audit_entry (seq, entry, leaf_hash, leaf_key, "
                            + "exchange_key) VALUES (?, ?, ?, ?, ?)");
                }
                entries.setLong(1, seq);
                entries.setBytes(2, EntryCompression.compress(json));
                entries.setBytes(3, leafHash);
                entries.setLong(4, LeafKeys.leafKey(seq, leafHash));
                Long exchangeKey = ExchangeKeys.exchangeKey(exchangeId);
                if (exchangeKey == null) {
                    entries.setNull(5, Types.BIGINT);
                } else {
                    entries.setLong(5, exchangeKey);
                }
                entries.addBatch();
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot append to the audit log", e);
            }
        }

        @Override
        public void grow(List<CompletedNode> completed, long size) {
            try {
                if (entries != null) {
                    entries.executeBatch();
                }
                List<CompletedNode> kept = completed.stream().filter(n -> KeptLevels.kept(n.level())).toList();
                if (!kept.isEmpty()) {
                    try (PreparedStatement ps = connection.prepareStatement(
                            "INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
                        for (CompletedNode n : kept) {
                            ps.setInt(1, n.level());
                            ps.setLong(2, n.index());
                            ps.setBytes(3, n.hash());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement(
                        "UPDATE audit_tree_state SET tree_size = ? WHERE id = 1")) {
                    ps.setLong(1, size);
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot append to the audit log", e);
            }
        }

        @Override
        public void addHead(Head head) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit_tree_head "
                    + "(tree_size, root_hash, issued_at, signed_note) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, head.size());
                ps.setString(2, head.rootHash());
                ps.setString(3, head.issuedAt());
                ps.setString(4, head.signedNote());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot store a signed tree head", e);
            }
        }

        @Override
        public void commit(SameTransaction alongside) {
            try {
                alongside.write(connection);
                connection.commit();
                committed = true;
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot commit to the audit log", e);
            }
        }

        @Override
        public void syncCommitted() {
            try {
                Database.syncCommitted(connection);
            } catch (SQLException e) {
                throw new AuditUnavailableException("the audit log committed but could not sync to disk", e);
            }
        }

        /** Rolls back what was not committed, then gives the connection back. */
        @Override
        public void close() {
            try (Connection c = connection) {
                try (PreparedStatement a = entries) {
                    if (nodes != null) {
                        nodes.close();
                    }
                }
                if (!committed) {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot end a transaction of the audit log", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ one pass

    private static final class JdbcReading implements Reading {
        private final Connection connection;
        private final List<AutoCloseable> open = new ArrayList<>();
        private final StoredNodes nodes;
        private PreparedStatement cosignatures;

        JdbcReading(Connection connection) throws SQLException {
            this.connection = connection;
            // one snapshot for every page and lookup of the pass, while appends go on
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            this.nodes = new StoredNodes(connection);
        }

        @Override
        public Iterator<Entry> entries() {
            return pages("SELECT seq, entry, leaf_hash FROM audit_entry WHERE seq >= ? ORDER BY seq",
                    rs -> new Entry(rs.getLong(1), decompress(rs.getLong(1), rs.getBytes(2)), rs.getBytes(3)),
                    Entry::seq);
        }

        @Override
        public Iterator<Head> heads() {
            return pages("SELECT " + HEAD_COLUMNS + " FROM audit_tree_head WHERE tree_size >= ? ORDER BY tree_size",
                    JdbcAuditStore::head, Head::size);
        }

        @Override
        public NodeSource nodes() {
            return nodes;
        }

        @Override
        public List<Cosignature> cosignatures(long size) {
            try {
                if (cosignatures == null) {
                    cosignatures = connection.prepareStatement("SELECT witness, public_key, signature_line "
                            + "FROM audit_cosignature WHERE tree_size = ? ORDER BY witness");
                }
                return JdbcAuditStore.cosignatures(cosignatures, size);
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit log", e);
            }
        }

        private interface Row<T> {
            T read(ResultSet rs) throws SQLException;
        }

        /**
         * Streams the rows of {@code sql} (ordered by a key it takes as its one parameter, "key >= ?") a page at a
         * time, each page asked from just past the last key read.
         */
        private <T> Iterator<T> pages(String sql, Row<T> row, java.util.function.ToLongFunction<T> key) {
            PreparedStatement ps;
            try {
                ps = connection.prepareStatement(sql + " FETCH FIRST " + PAGE_ROWS + " ROWS ONLY");
                open.add(ps);
            } catch (SQLException e) {
                throw new AuditUnavailableException("cannot read the audit log", e);
            }
            return new Iterator<>() {
                private final java.util.ArrayDeque<T> page = new java.util.ArrayDeque<>();
                private long from;
                private boolean last;

                @Override
                public boolean hasNext() {
                    if (page.isEmpty() && !last) {
                        fill();
                    }
                    return !page.isEmpty();
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return page.removeFirst();
                }

                private void fill() {
                    try {
                        ps.setLong(1, from);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                page.addLast(row.read(rs));
                            }
                        }
                    } catch (SQLException e) {
                        throw new AuditUnavailableException("cannot read the audit log", e);
                    }
                    last = page.size() < PAGE_ROWS;
                    if (!page.isEmpty()) {
                        from = key.applyAsLong(page.getLast()) + 1;
                    }
                }
            };
        }

        @Override
        public void close() {
            SQLException failure = null;
            List<AutoCloseable> all = new ArrayList<>(open);
            Collections.reverse(all);
            for (AutoCloseable resource : all) {
                try {
                    resource.close();
                } catch (Exception e) {
                    failure = failure == null ? new SQLException("cannot close a read of the audit log", e) : failure;
                }
            }
            try (Connection c = connection; PreparedStatement ps = cosignatures) {
                nodes.close();
                c.rollback(); // nothing was written; ends the snapshot before the connection goes back
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw new AuditUnavailableException("cannot close a read of the audit log", failure);
            }
        }
    }
}
