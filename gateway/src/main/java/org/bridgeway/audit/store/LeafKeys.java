package org.bridgeway.audit.store;

/**
 * How {@code audit_entry} keys an entry for lookup by leaf hash ({@link JdbcAuditStore}). Migration V22 carries
 * its own copy of this scheme, as it was when it ran; a change here needs a migration of its own.
 *
 * <p>Entries are found by leaf hash through a key that leads with the entry's bucket (its index divided by
 * {@value #LEAF_BUCKET_SIZE}) and ends with the first five bytes of the hash. Leaf hashes are random, so a key of
 * the hash alone would put every append on a page of the index wherever it fell, and the embedded database
 * rewrites every page an append touches at its next store: an index of hashes alone is rewritten almost whole,
 * several times a second, however large it grows. Led by the bucket, appends touch only the current bucket's
 * few pages; a lookup asks every bucket, one index probe each. A lookup compares the full hash.
 */
public final class LeafKeys {
    public static final int LEAF_BUCKET_SIZE = 1 << 14;
    private static final int HASH_BITS_IN_KEY = 40;

    private LeafKeys() {
    }

    public static long leafKey(long seq, String leafHashHex) {
        long bucket = seq / LEAF_BUCKET_SIZE;
        return bucket << HASH_BITS_IN_KEY | Long.parseUnsignedLong(leafHashHex.substring(0, HASH_BITS_IN_KEY / 4), 16);
    }

    public static long leafKey(long seq, byte[] leafHash) {
        long hashBits = 0;
        for (int i = 0; i < HASH_BITS_IN_KEY / 8; i++) {
            hashBits = hashBits << 8 | (leafHash[i] & 0xff);
        }
        return (seq / LEAF_BUCKET_SIZE) << HASH_BITS_IN_KEY | hashBits;
    }

    /** Every key an entry with this leaf hash may have in a tree of {@code treeSize} entries: one per bucket. */
    public static long[] leafKeys(long treeSize, String leafHashHex) {
        long buckets = (treeSize + LEAF_BUCKET_SIZE - 1) / LEAF_BUCKET_SIZE;
        long[] keys = new long[Math.toIntExact(buckets)];
        for (int bucket = 0; bucket < keys.length; bucket++) {
            keys[bucket] = leafKey((long) bucket * LEAF_BUCKET_SIZE, leafHashHex);
        }
        return keys;
    }
}
