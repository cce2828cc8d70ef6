package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A log in memory for tests: leaves, and the perfect subtrees a compact range reports as it grows. */
public final class MemoryLog implements NodeSource {
    public final List<byte[]> leaves = new ArrayList<>();
    private final Map<String, byte[]> nodes = new HashMap<>();
    private final CompactRange range = CompactRange.empty();

    public void append(byte[] data) {
        byte[] leaf = MerkleHash.leaf(data);
        nodes.put("0/" + leaves.size(), leaf);
        leaves.add(leaf);
        for (CompactRange.CompletedNode n : range.append(leaf)) {
            nodes.put(n.level() + "/" + n.index(), n.hash());
        }
    }

    public CompactRange range(long size) {
        return CompactRange.of(size, this);
    }

    @Override
    public byte[] node(int level, long index) {
        return nodes.get(level + "/" + index);
    }
}
