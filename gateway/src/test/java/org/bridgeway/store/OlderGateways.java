package org.bridgeway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * Writes a gateway's database as the gateways of earlier schemas wrote it, with their SQL and formats (read from
 * the migrations and from the audit writers of those versions), so that an upgrade test starts from data an
 * operator really has. Synthetic throughout: made-up exchanges between demo organisations, and, as in every
 * version, audit entries that hold identifiers and digests only.
 *
 * <p>The audit entry body has not changed since the first version: canonical JSON (keys sorted, no white space)
 * of the entry's index, time, type, exchange, actor, subject and details. What changed is how entries are chained:
 *
 * <ul>
 *   <li>schema 1 to 4: a hash chain, each entry's hash SHA-256 over the previous hash and the entry, the last
 *       entry of each committed batch signed with the gateway's Ed25519 key;
 *   <li>schema 5 to 20: leaves of a Merkle tree, completed subtrees in {@code audit_node}, the size in the
 *       sequencer row, C2SP checkpoints signed as tree heads and cosigned by witnesses;
 *   <li>schema 21: the same, each entry also keyed by the first eight bytes of its leaf hash.
 * </ul>
 */
final class OlderGateways {
    static final String SENDER = "local-authority:886";
    static final String POLICE = "police:kent";
    static final String HEALTH = "health:rvv";
    private static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final SigningKey gatewayKey;
    private final NoteKey noteKey;
    private final List<Entry> entries = new ArrayList<>();
    /** The tree over every entry written, whichever era wrote it: what the upgraded log must hold. */
    private final CompactRange tree = CompactRange.empty();
    private String lastChainHash = GENESIS;
    private Instant now;
    private int exchanges;

    OlderGateways(SigningKey gatewayKey, String origin, Instant start) {
        this.gatewayKey = gatewayKey;
        this.noteKey = new NoteKey(origin, gatewayKey.publicKey());
        this.now = start;
    }

    /** One audit event as the gateway appended it; {@code details} hold identifiers, codes and digests only. */
    record Event(String type, String exchangeId, String actor, String subject, Map<String, Object> details) {
    }

    /** An entry as written: its index, canonical JSON and leaf hash. */
    record Entry(long seq, String json, String leafHash) {
    }

    /** A placement notice as the gateway admitted it: its idempotency key and exchange id. */
    record Admitted(String idempotencyKey, String exchangeId, Instant receivedAt, String decisionId,
                    String messageId) {
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    long size() {
        return tree.size();
    }

    /**
     * The audit events of one placement notice from {@link #SENDER}: received, allowed to the police and disclosed,
     * and to health allowed or denied in turn. Only digests of the notice, which in these tests is a made-up child
     * with an NHS number of the 999 range, which is never issued to a real person.
     */
    Admitted placement(List<Event> events) {
        int n = ++exchanges;
        now = now.plus(Duration.ofSeconds(7));
        String exchangeId = UUID.nameUUIDFromBytes(("exchange-" + n).getBytes(StandardCharsets.UTF_8)).toString();
        String decisionId = UUID.nameUUIDFromBytes(("decision-" + n).getBytes(StandardCharsets.UTF_8)).toString();
        String messageId = UUID.nameUUIDFromBytes(("message-" + n).getBytes(StandardCharsets.UTF_8)).toString();
        String key = SENDER + ":PN-" + (2025_000_000 + n);
        Map<String, Object> received = new LinkedHashMap<>();
        received.put("exchangeType", "placement-notification");
        received.put("idempotencyKey", key);
        received.put("noticeDigest", sha256("child.nhsNumber=999" + String.format("%07d", n)
                + ";child.givenName=Testchild" + n + ";placement.postcode=ZZ99 3CZ"));
        received.put("fields", List.of("child.nhsNumber", "child.givenName", "placement.postcode"));
        received.put("recipients", List.of(POLICE, HEALTH));
        events.add(new Event("RECEIVED", exchangeId, SENDER, null, received));
        events.add(new Event("DECISION_ALLOW", exchangeId, "gateway", POLICE,
                decision(decisionId, List.of("child.nhsNumber", "placement.postcode"), List.of("child.givenName"))));
        events.add(new Event("DISCLOSED", exchangeId, "gateway", POLICE, Map.of(
                "messageId", messageId, "format", "placement-json/1", "payloadDigest", sha256("payload-" + n),
                "fields", List.of("child.nhsNumber", "placement.postcode"), "withheld", List.of("child.givenName"))));
        if (n % 3 == 0) {
            events.add(new Event("DECISION_DENY", exchangeId, "gateway", HEALTH,
                    decision(decisionId + "-h", List.of(), List.of("child.nhsNumber", "child.givenName",
                            "placement.postcode"))));
        }
        return new Admitted(key, exchangeId, now, decisionId, messageId);
    }

    /** A recipient took its message out of its mailbox. */
    Event acknowledged(Admitted notice) {
        return new Event("ACKNOWLEDGED", notice.exchangeId(), POLICE, POLICE,
                Map.of("messageId", notice.messageId(), "format", "placement-json/1"));
    }

    /** A row of an SSDA903 return failed a rule: the return by digest, the file, row and rule, no value. */
    static Event rejected(String inputDigest, int row) {
        return new Event("REJECTED", null, SENDER, null, Map.of("inputDigest", inputDigest, "file", "header.csv",
                "row", row, "column", "DOB", "rule", "ssda903.date-format"));
    }

    private static Map<String, Object> decision(String decisionId, List<String> permitted, List<String> withheld) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decisionId", decisionId);
        details.put("agreement", "ISA-PN-2025");
        details.put("agreementVersion", "1.0");
        details.put("policyRevision", "sha256:" + sha256("policies"));
        details.put("lawfulBasis", permitted.isEmpty() ? Map.of()
                : Map.of("article6", "6(1)(e)", "gateway", "Children Act 1989 s.47"));
        details.put("permitted", permitted);
        details.put("withheld", withheld);
        details.put("retention", permitted.isEmpty() ? null : "P7Y");
        details.put("obligations", List.of());
        details.put("reasons", List.of(permitted.isEmpty() ? "no agreement names this recipient's role"
                : "ISA-PN-2025 permits these fields to the police"));
        return details;
    }

    // ---------------------------------------------------------------------------------------------------------
    // schema 1 to 4

    /** Appends one committed batch to the hash chain, as the first gateways did; the batch's last entry is signed. */
    void appendChained(Connection c, List<Event> batch) throws SQLException {
        String recordedAt = now.toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry "
                + "(seq, recorded_at, event_type, exchange_id, entry_json, prev_hash, entry_hash, signature) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < batch.size(); i++) {
                Event event = batch.get(i);
                long seq = tree.size();
                String json = entryJson(seq, recordedAt, event);
                String hash = chainHash(lastChainHash, json);
                boolean headOfBatch = i == batch.size() - 1;
                ps.setLong(1, seq);
                ps.setString(2, recordedAt);
                ps.setString(3, event.type());
                ps.setString(4, event.exchangeId());
                ps.setString(5, json);
                ps.setString(6, lastChainHash);
                ps.setString(7, hash);
                ps.setString(8, headOfBatch ? HEX.formatHex(gatewayKey.sign(HEX.parseHex(hash))) : null);
                ps.addBatch();
                remember(seq, json, new ArrayList<>()); // the chain had no subtrees: V5 computes them
                lastChainHash = hash;
            }
            ps.executeBatch();
        }
    }

    private static String chainHash(String prevHash, String entryJson) {
        MessageDigest sha = sha256Digest();
        sha.update(HEX.parseHex(prevHash));
        return HEX.formatHex(sha.digest(entryJson.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // schema 5 to 21

    /** How an era keyed entries by leaf hash. */
    enum LeafKeyEra {
        /** Schema 5 to 20: by the 64-digit leaf hash itself (an index on the column). */
        NONE,
        /** Schema 21: by the first eight bytes of the leaf hash, as a signed number. */
        FIRST_EIGHT_BYTES
    }

    /** Appends one batch to the Merkle tree: entries, the subtrees they complete, the sequencer row. */
    void appendToTree(Connection c, List<Event> batch, LeafKeyEra keys) throws SQLException {
        String recordedAt = now.toString();
        String columns = "seq, recorded_at, event_type, exchange_id, entry_json, leaf_hash"
                + (keys == LeafKeyEra.FIRST_EIGHT_BYTES ? ", leaf_key" : "");
        String values = keys == LeafKeyEra.FIRST_EIGHT_BYTES ? "?, ?, ?, ?, ?, ?, ?" : "?, ?, ?, ?, ?, ?";
        List<CompactRange.CompletedNode> completed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (" + columns + ") VALUES (" + values + ")")) {
            for (Event event : batch) {
                long seq = tree.size();
                String json = entryJson(seq, recordedAt, event);
                Entry entry = remember(seq, json, completed);
                ps.setLong(1, seq);
                ps.setString(2, recordedAt);
                ps.setString(3, event.type());
                ps.setString(4, event.exchangeId());
                ps.setString(5, json);
                ps.setString(6, entry.leafHash());
                if (keys == LeafKeyEra.FIRST_EIGHT_BYTES) {
                    ps.setLong(7, Long.parseUnsignedLong(entry.leafHash().substring(0, 16), 16));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
            for (CompactRange.CompletedNode node : completed) {
                ps.setInt(1, node.level());
                ps.setLong(2, node.index());
                ps.setString(3, MerkleHash.hex(node.hash()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_tree_state SET tree_size = ? WHERE id = 1")) {
            ps.setLong(1, tree.size());
            ps.executeUpdate();
        }
    }

    /** Signs a C2SP checkpoint of the tree as it stands and stores it as the newest tree head. */
    Checkpoint signHead(Connection c) throws SQLException {
        now = now.plus(Duration.ofSeconds(1));
        Checkpoint checkpoint = new Checkpoint(noteKey.name(), tree.size(), tree.root(), now);
        SignedCheckpoint note = SignedCheckpoint.sign(checkpoint, noteKey, gatewayKey::sign);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_tree_head "
                + "(tree_size, root_hash, issued_at, signed_note) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, checkpoint.size());
            ps.setString(2, MerkleHash.hex(checkpoint.rootHash()));
            ps.setString(3, checkpoint.issuedAt().toString());
            ps.setString(4, note.text());
            ps.executeUpdate();
        }
        return checkpoint;
    }

    /** Stores a witness's cosignature (c2sp.org/tlog-cosignature) of a head, as the gateway kept them. */
    void cosign(Connection c, Checkpoint head, String witnessName, SigningKey witnessKey) throws SQLException {
        NoteKey witness = new NoteKey(witnessName, witnessKey.publicKey());
        NoteSignature cosignature = SignedCheckpoint.cosign(head, witness, witnessKey::sign, now);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_cosignature "
                + "(tree_size, witness, public_key, signature_line, received_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, head.size());
            ps.setString(2, witnessName);
            ps.setString(3, HEX.formatHex(witness.publicKey()));
            ps.setString(4, cosignature.line().strip());
            ps.setString(5, now.toString());
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the other tables

    /** The idempotency record of an admitted notice (schema 1 and 2 have no state column). */
    static void recordKey(Connection c, Admitted notice) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notice_key (idempotency_key, exchange_id, received_at) VALUES (?, ?, ?)")) {
            ps.setString(1, notice.idempotencyKey());
            ps.setString(2, notice.exchangeId());
            ps.setTimestamp(3, Timestamp.from(notice.receivedAt()));
            ps.executeUpdate();
        }
    }

    /** An idempotency record with its state (schema 3 on): 'pending' until the notice is in the mailboxes. */
    static void recordKey(Connection c, Admitted notice, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notice_key (idempotency_key, exchange_id, received_at, state) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, notice.idempotencyKey());
            ps.setString(2, notice.exchangeId());
            ps.setTimestamp(3, Timestamp.from(notice.receivedAt()));
            ps.setString(4, state);
            ps.executeUpdate();
        }
    }

    /** A processed input file set, by the digest of its content. */
    void recordInput(Connection c, String inputDigest, String summary) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO processed_input (input_digest, source, processed_at, summary) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, inputDigest);
            ps.setString(2, "ssda903-upload");
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, summary);
            ps.executeUpdate();
        }
    }

    /** The decision log row (schema 2 on) that an audit DECISION_ALLOW entry names by its decision id. */
    static void recordDecision(Connection c, Admitted notice) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_decision (decision_id, exchange_id, "
                + "recipient, decided_at, input_digest, agreement_id, agreement_version, policy_revision, result, "
                + "reasons, permitted, withheld, lawful_basis, retention, obligations) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'allow', ?, ?, ?, ?, 'P7Y', '[]')")) {
            ps.setString(1, notice.decisionId());
            ps.setString(2, notice.exchangeId());
            ps.setString(3, POLICE);
            ps.setString(4, notice.receivedAt().toString());
            ps.setString(5, sha256("input-" + notice.exchangeId()));
            ps.setString(6, "ISA-PN-2025");
            ps.setString(7, "1.0");
            ps.setString(8, "sha256:" + sha256("policies"));
            ps.setString(9, "[\"ISA-PN-2025 permits these fields to the police\"]");
            ps.setString(10, "[\"child.nhsNumber\",\"placement.postcode\"]");
            ps.setString(11, "[\"child.givenName\"]");
            // the shape the schema 2 gateway's LawfulBasis.toJson wrote
            ps.setString(12, "{\"article6\":\"6(1)(e)\",\"article9\":null,\"schedule1Condition\":null,"
                    + "\"part3Purpose\":null,\"legalGateway\":\"Children Act 1989 s.47\"}");
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Adds the entry to the tree of everything written; the subtrees it completes go to {@code completed}. */
    private Entry remember(long seq, String json, List<CompactRange.CompletedNode> completed) {
        byte[] leaf = MerkleHash.leaf(json.getBytes(StandardCharsets.UTF_8));
        completed.addAll(tree.append(leaf));
        Entry entry = new Entry(seq, json, MerkleHash.hex(leaf));
        entries.add(entry);
        return entry;
    }

    private static String entryJson(long seq, String recordedAt, Event event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("recordedAt", recordedAt);
        body.put("type", event.type());
        body.put("exchangeId", event.exchangeId());
        body.put("actor", event.actor());
        body.put("subject", event.subject());
        body.put("details", new TreeMap<>(event.details()));
        try {
            return CANONICAL.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an audit body is plain JSON", e);
        }
    }

    static String sha256(String text) {
        return HEX.formatHex(sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
