package org.bridgeway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.h2.mvstore.DataUtils;

/**
 * The oldest version an H2 file can reopen at after a crash, read from the file itself. H2 2.5 finds the version to
 * reopen at from two places only: the store header it keeps, twice, in the file's first two blocks (a line
 * {@code H:2,block:..,chunk:..,version:..,fletcher:..}), and the footer of the chunk that ends the file
 * ({@code chunk:..,len:..,version:..,fletcher:..}), each checked by its Fletcher-32 sum. Chunks H2 writes into free
 * space inside the file are reached from neither until H2 next rewrites its header, and after a {@code kill -9} H2
 * has reopened without them although they were whole and synced (docs/durability.md). So a version stored by
 * {@code CHECKPOINT SYNC} is safe from a crash once the newer of these two names it, and not before.
 */
final class H2ReopenPoint {
    /** H2's block size: each copy of the header fills one. */
    private static final int BLOCK = 4096;
    /** The length of a chunk's footer, at its very end. */
    private static final int FOOTER = 128;
    private static final String SUM = ",fletcher:";

    private H2ReopenPoint() {
    }

    /** The newest version that a whole header or the whole footer at the file's end names; -1 for none. */
    static long version(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return version(in);
        }
    }

    /** As {@link #version(Path)}, through a channel the caller already has open on the file. */
    static long version(FileChannel in) throws IOException {
        long size = in.size();
        long newest = -1;
        for (int copy = 0; copy < 2 && (copy + 1L) * BLOCK <= size; copy++) {
            newest = Math.max(newest, version(read(in, copy * (long) BLOCK, BLOCK), "H:"));
        }
        if (size >= 2L * BLOCK + FOOTER) {
            newest = Math.max(newest, version(read(in, size - FOOTER, FOOTER), "chunk:"));
        }
        return newest;
    }

    private static String read(FileChannel in, long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining() && in.read(bytes, position + bytes.position()) >= 0) {
            // reads the whole block (or footer)
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.ISO_8859_1);
    }

    /** The version a line H2 wrote names, or -1 if the line is not one H2 wrote whole. */
    private static long version(String text, String start) {
        int end = text.indexOf('\n');
        if (!text.startsWith(start) || end < 0) {
            return -1;
        }
        String line = text.substring(0, end).trim();
        int sum = line.lastIndexOf(SUM);
        if (sum < 0) {
            return -1;
        }
        byte[] summed = line.substring(0, sum).getBytes(StandardCharsets.ISO_8859_1);
        try {
            if (DataUtils.getFletcher32(summed, 0, summed.length)
                    != (int) Long.parseLong(line.substring(sum + SUM.length()), 16)) {
                return -1; // torn by the crash: it vouches for nothing
            }
            Map<String, String> fields = DataUtils.parseMap(line.substring(0, sum));
            return fields.containsKey("version") ? Long.parseLong(fields.get("version"), 16) : -1;
        } catch (RuntimeException e) {
            return -1; // not a line H2 wrote
        }
    }
}
