package org.bridgeway.audit.verify;

import java.util.Iterator;
import java.util.List;
import org.bridgeway.audit.tree.NodeSource;

/**
 * What the offline verifier reads of a stored log, exactly as stored: entries, the perfect subtrees kept beside
 * them, signed heads and witnesses' cosignatures. Nothing here is trusted; the verifier recomputes and checks it
 * all. The gateway's storage implements it; so could a reader of an export.
 */
public interface StoredLog {

    /** Starts one consistent read of the whole log; close it when done. */
    Reading read();

    /** One pass over the log, in order; streamed, so a log of any size fits in memory. */
    interface Reading extends AutoCloseable {
        /** Every entry, in index order. */
        Iterator<Entry> entries();

        /** Every signed head, in size order. */
        Iterator<Head> heads();

        /**
         * The stored perfect subtrees of the kept levels ({@link org.bridgeway.audit.tree.KeptLevels}; level 0: the
         * entries' stored leaf hashes); null where none is stored.
         */
        NodeSource nodes();

        /** The cosignatures stored for the head of {@code size}. */
        List<Cosignature> cosignatures(long size);

        @Override
        void close();
    }

    /** An entry: its index, its canonical JSON (UTF-8) and the leaf hash stored with it. */
    record Entry(long seq, byte[] json, byte[] leafHash) {
    }

    /**
     * A signed head: the signed note, with the size, root (hex) and issue time stored beside it, and its RFC 3161
     * timestamp token (base64) or null.
     */
    record Head(long size, String rootHash, String issuedAt, String signedNote, String timestampToken) {
    }

    /** A witness's cosignature of a head: the witness's name, its Ed25519 public key (hex) and the signature line. */
    record Cosignature(String witness, String publicKey, String signatureLine) {
    }
}
