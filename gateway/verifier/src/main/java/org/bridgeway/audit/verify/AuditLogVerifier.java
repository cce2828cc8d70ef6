package org.bridgeway.audit.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.timestamp.InvalidTimestampException;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.KeptLevels;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.NodeSource;

/**
 * Checks a stored audit log offline with nothing but the gateway's public key: recomputes every leaf and subtree
 * from the entries in one pass, streaming (its memory does not grow with the log), comparing the kept subtrees, and checks each signed tree head's signature and root against the recomputed tree
 * of its size — so consecutive heads are consistent, each the prefix of the next — and each witness's
 * cosignature. It fails closed: a malformed head, a missing signature or an unknown key is a failure. The first
 * failure is located at an entry index and explained.
 */
public final class AuditLogVerifier {
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private final StoredLog log;
    private final NoteKey key;
    private final Optional<X509Certificate> timestampAuthority;

    /** @param key the log's key, named by its origin */
    public AuditLogVerifier(StoredLog log, NoteKey key) {
        this(log, key, Optional.empty());
    }

    /** With a time-stamping authority's certificate, every timestamp token on a head is checked too. */
    public AuditLogVerifier(StoredLog log, NoteKey key, Optional<X509Certificate> timestampAuthority) {
        this.log = log;
        this.key = key;
        this.timestampAuthority = timestampAuthority;
    }

    private static final class Broken extends Exception {
        final long seq;

        Broken(long seq, String problem) {
            super(problem);
            this.seq = seq;
        }
    }

    public AuditVerification verify() {
        return verify(List.of());
    }

    /**
     * Checks the log, and that it still extends every head a party has seen (a witness's last checkpoint, the
     * checkpoints of its receipts): a seen head whose size the log no longer reaches means the log shrank, and one
     * whose root differs from the log's at that size means the log forked since. Either fails, naming the head.
     */
    public AuditVerification verify(List<SignedCheckpoint> seenHeads) {
        List<SignedCheckpoint> seen = seenHeads.stream()
                .sorted(Comparator.comparingLong(h -> h.checkpoint().size())).toList();
        for (SignedCheckpoint head : seen) {
            try {
                LogCheckpoints.check(head, key);
            } catch (CheckpointRefusedException e) {
                return AuditVerification.broken(0, 0, 0, describe(head) + " " + e.getMessage());
            }
        }
        int nextSeen = 0;
        CompactRange range = CompactRange.empty();
        long headsChecked = 0;
        try (StoredLog.Reading stored = log.read()) {
            Iterator<StoredLog.Entry> entries = stored.entries();
            Iterator<StoredLog.Head> heads = stored.heads();
            NodeSource nodes = stored.nodes();
            StoredLog.Head nextHead = heads.hasNext() ? heads.next() : null;
            Instant lastIssued = Instant.MIN;
            long lastHeadSize = 0;
            try {
                while (true) {
                    while (nextHead != null && nextHead.size() == range.size()) {
                        lastIssued = checkHead(stored, nextHead, range, lastIssued, lastHeadSize);
                        lastHeadSize = range.size();
                        headsChecked++;
                        nextHead = heads.hasNext() ? heads.next() : null;
                    }
                    while (nextSeen < seen.size() && seen.get(nextSeen).checkpoint().size() == range.size()) {
                        SignedCheckpoint head = seen.get(nextSeen++);
                        if (!MerkleHash.same(head.checkpoint().rootHash(), range.root())) {
                            throw new Broken(range.size(), "the log has forked since " + describe(head)
                                    + ": its first " + range.size() + " entries no longer hash to that head's root");
                        }
                    }
                    if (nextHead != null && nextHead.size() < range.size()) {
                        throw new Broken(nextHead.size(), "the signed head of size " + nextHead.size()
                                + " is stored out of order");
                    }
                    if (!entries.hasNext()) {
                        break;
                    }
                    StoredLog.Entry entry = entries.next();
                    long seq = entry.seq();
                    long expected = range.size();
                    if (seq != expected) {
                        throw new Broken(expected, "entry " + expected + " is missing (the next stored entry is "
                                + seq + ")");
                    }
                    byte[] json = entry.json();
                    long claimed = claimedIndex(json, seq);
                    if (claimed != seq) {
                        throw new Broken(seq, "entry " + seq + " says it is entry " + claimed
                                + ": entries were moved or swapped");
                    }
                    byte[] leaf = MerkleHash.leaf(json);
                    if (!MerkleHash.same(leaf, entry.leafHash())) {
                        throw new Broken(seq, "entry " + seq + " does not match its leaf hash: the entry was edited");
                    }
                    for (CompactRange.CompletedNode node : range.append(leaf)) {
                        if (!KeptLevels.kept(node.level())) {
                            continue; // not stored: a kept subtree above it, or a signed root, covers it
                        }
                        byte[] kept = nodes.node(node.level(), node.index());
                        if (!MerkleHash.same(kept, node.hash())) {
                            long first = node.index() << node.level();
                            throw new Broken(first, "the stored subtree over entries [" + first + ", "
                                    + (first + (1L << node.level())) + ") does not match those entries: one of them, "
                                    + "or the subtree, was changed");
                        }
                    }
                }
                if (nextSeen < seen.size()) {
                    throw new Broken(range.size(), "the log has shrunk since " + describe(seen.get(nextSeen))
                            + ": it now holds " + range.size() + " entries");
                }
                if (nextHead != null) {
                    throw new Broken(range.size(), "the signed head of size " + nextHead.size() + " covers entries "
                            + "that are not stored: the log was truncated after entry " + (range.size() - 1));
                }
                return AuditVerification.ok(range.size(), headsChecked, range.size() - lastHeadSize);
            } catch (Broken b) {
                return AuditVerification.broken(range.size(), headsChecked, b.seq, b.getMessage());
            }
        }
    }

    private static String describe(SignedCheckpoint head) {
        return "the head of size " + head.checkpoint().size() + " issued " + head.checkpoint().issuedAt();
    }

    /**
     * The index an entry's body names: its top-level {@code seq}. Read field by field, skipping the rest, since it
     * runs for every entry of the log.
     */
    private static long claimedIndex(byte[] json, long seq) throws Broken {
        try (JsonParser parser = JSON_FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Broken(seq, "entry " + seq + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("seq".equals(field)) {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        break;
                    }
                    return parser.getLongValue();
                }
                parser.skipChildren();
            }
            throw new Broken(seq, "entry " + seq + " has no index in its body");
        } catch (IOException e) {
            throw new Broken(seq, "entry " + seq + " is not JSON");
        }
    }

    private Instant checkHead(StoredLog.Reading stored, StoredLog.Head head, CompactRange range, Instant lastIssued,
                              long lastSize) throws Broken {
        long size = head.size();
        String where = "the signed head of size " + size;
        SignedCheckpoint note;
        try {
            note = LogCheckpoints.open(head.signedNote(), key);
        } catch (CheckpointRefusedException e) {
            throw new Broken(lastSize, where + " " + e.getMessage());
        }
        Checkpoint checkpoint = note.checkpoint();
        if (checkpoint.size() != size || !MerkleHash.hex(checkpoint.rootHash()).equals(head.rootHash())
                || !checkpoint.issuedAt().toString().equals(head.issuedAt())) {
            throw new Broken(lastSize, where + " is stored with a size, root or time other than it was signed with");
        }
        if (!MerkleHash.same(checkpoint.rootHash(), range.root())) {
            throw new Broken(lastSize, "the entries do not hash to the root signed at size " + size
                    + ": an entry in [" + lastSize + ", " + size + ") was changed and its hashes rewritten");
        }
        if (checkpoint.issuedAt().isBefore(lastIssued)) {
            throw new Broken(lastSize, where + " was issued before the head that precedes it");
        }
        checkCosignatures(stored.cosignatures(size), checkpoint, lastSize);
        if (head.timestampToken() != null && timestampAuthority.isPresent()) {
            try {
                HeadTimestamps.verify(head.timestampToken(), checkpoint, timestampAuthority.get());
            } catch (InvalidTimestampException | IllegalArgumentException e) {
                throw new Broken(lastSize, "the timestamp token on " + where + " does not verify: " + e.getMessage());
            }
        }
        return checkpoint.issuedAt();
    }

    private static void checkCosignatures(List<StoredLog.Cosignature> cosignatures, Checkpoint checkpoint,
                                          long lastSize) throws Broken {
        for (StoredLog.Cosignature cosignature : cosignatures) {
            try {
                NoteKey witness = new NoteKey(cosignature.witness(), HexFormat.of().parseHex(cosignature.publicKey()));
                Cosignatures.check(checkpoint, witness, NoteSignature.parse(cosignature.signatureLine()));
            } catch (MalformedNoteException | InvalidSignatureException | IllegalArgumentException e) {
                throw new Broken(lastSize, "the cosignature of " + cosignature.witness() + " on the head of size "
                        + checkpoint.size() + " does not verify: " + e.getMessage());
            }
        }
    }
}
