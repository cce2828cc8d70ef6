package org.bridgeway.audit.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * How {@code audit_entry} holds an entry's canonical JSON: a Zstandard frame (RFC 8878) compressed with a
 * dictionary trained on the gateway's own audit entries, whose id the frame names. An entry is a few hundred
 * bytes of mostly the same keys, codes and field names; alone it hardly compresses, with the dictionary it takes
 * about a third of the room (see Storage in docs/audit.md), at a few microseconds each way.
 *
 * <p>A dictionary is never changed once entries were written with it: a better one is added under a new id, and
 * every dictionary stays readable. Frames are self-describing, so anyone with the dictionary file (in this package's
 * resources, published in the docs) and any Zstandard library reads the stored entries.
 */
public final class EntryCompression {
    /** The dictionary new entries are written with. */
    static final String CURRENT = "audit-entry-dictionary-1.zdict";
    private static final int LEVEL = 3;
    /** Canonical JSON of an entry is far below this; a frame claiming more is not one of ours. */
    private static final int MAX_ENTRY_BYTES = 1 << 20;

    private static final byte[] CURRENT_DICTIONARY = load(CURRENT);
    private static final ZstdDictCompress COMPRESSION = new ZstdDictCompress(CURRENT_DICTIONARY, LEVEL);
    private static final Map<Long, ZstdDictDecompress> DECOMPRESSION = Map.of(
            Zstd.getDictIdFromDict(CURRENT_DICTIONARY), new ZstdDictDecompress(CURRENT_DICTIONARY));

    // a context holds buffers worth reusing; each is used by one thread at a time
    private static final ThreadLocal<ZstdCompressCtx> COMPRESSORS = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx context = new ZstdCompressCtx();
        context.loadDict(COMPRESSION);
        context.setContentSize(true);
        context.setDictID(true);
        context.setChecksum(false); // the leaf hash beside it covers the entry
        return context;
    });
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSORS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private EntryCompression() {
    }

    public static byte[] compress(byte[] json) {
        return COMPRESSORS.get().compress(json);
    }

    /** The entry's canonical JSON; fails with {@link IllegalArgumentException} on anything but a frame of ours. */
    public static byte[] decompress(byte[] frame) {
        long dictionary = Zstd.getDictIdFromFrame(frame);
        ZstdDictDecompress with = DECOMPRESSION.get(dictionary);
        long size = Zstd.getFrameContentSize(frame);
        if (with == null || size < 0 || size > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("not an audit entry frame (dictionary " + dictionary + ", size "
                    + size + ")");
        }
        ZstdDecompressCtx context = DECOMPRESSORS.get();
        try {
            context.loadDict(with);
            return context.decompress(frame, (int) size);
        } catch (ZstdException e) {
            throw new IllegalArgumentException("a damaged audit entry frame: " + e.getMessage(), e);
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = EntryCompression.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the audit entry dictionary " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
