package org.bridgeway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Append-only files of committed transactions ({@link JournalRecord}), forced to the disk before any of them is
 * answered for: the write-ahead log that makes embedded H2's commits durable without H2 storing its pages at every
 * commit. Each record is framed as {@code length, body, CRC-32C(body)}; a record torn by a crash fails its check and
 * ends the journal there, and nothing after it was ever answered for (it was not yet forced).
 *
 * <p>The journal is a directory of segments, appended to one at a time; a checkpoint starts a new segment, has the
 * database store everything committed, then deletes the older segments. Appends are made by one committing
 * transaction at a time ({@link JournalledDataSource}); forcing is shared: committers queue behind a running force
 * and the next one forces everything appended by then (group commit).
 */
final class CommitJournal implements AutoCloseable {
    private static final int FRAME = Integer.BYTES * 2;
    /** Larger than any transaction the gateway writes; a length beyond it is a torn or foreign frame. */
    private static final int MAX_RECORD = 256 * 1024 * 1024;
    private static final String SUFFIX = ".journal";

    private final Path directory;
    private final ReentrantLock forceLock = new ReentrantLock();
    private long segmentNumber;
    private FileChannel channel;
    /** Positions count bytes across all segments since the journal opened; the current segment starts at base. */
    private long base;
    private volatile long written;
    private volatile long forced;
    private long bytesAppended;

    private CommitJournal(Path directory) {
        this.directory = directory;
    }

    /** Opens (or creates) the journal in {@code directory}; what it holds is read with {@link #records()}. */
    static CommitJournal open(Path directory) throws IOException {
        Files.createDirectories(directory);
        return new CommitJournal(directory);
    }

    Path directory() {
        return directory;
    }

    /**
     * Every whole record, oldest first, up to the first that is incomplete or fails its checksum (a crash tore it
     * while it was appended; it was never answered for). The journal is then ready for appends, in a new segment.
     */
    List<JournalRecord> records() throws IOException {
        forceLock.lock();
        try {
            if (channel != null) {
                // a committer still forcing the old segment finds its records forced, or fails as it would anyway
                channel.force(false);
                forced = written;
            }
        } catch (IOException e) {
            // the segment's unforced records are read below for what they are: whole, or torn and dropped
        } finally {
            close();
            forceLock.unlock();
        }
        List<JournalRecord> records = new ArrayList<>();
        List<Path> segments = segments();
        boolean torn = false;
        for (Path segment : segments) {
            if (torn) {
                Files.delete(segment); // after a torn record: never forced, never answered for
                continue;
            }
            try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long whole = read(in, records);
                if (whole < in.size()) {
                    in.truncate(whole);
                    in.force(true);
                    torn = true;
                }
            }
        }
        segmentNumber = segments.isEmpty() ? 0 : number(segments.get(segments.size() - 1));
        startSegment();
        return records;
    }

    /** Reads one segment's records; returns where its last whole record ends. */
    private static long read(FileChannel in, List<JournalRecord> records) throws IOException {
        long position = 0;
        long size = in.size();
        ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
        while (position + FRAME <= size) {
            header.clear();
            readFully(in, header, position);
            int length = header.getInt(0);
            if (length < 0 || length > MAX_RECORD || position + FRAME + length > size) {
                return position;
            }
            ByteBuffer body = ByteBuffer.allocate(length + Integer.BYTES);
            readFully(in, body, position + Integer.BYTES);
            CRC32C crc = new CRC32C();
            crc.update(body.array(), 0, length);
            if ((int) crc.getValue() != body.getInt(length)) {
                return position;
            }
            records.add(JournalRecord.decode(ByteBuffer.wrap(body.array(), 0, length)));
            position += FRAME + length;
        }
        return position;
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("a commit journal segment ended while being read");
            }
        }
    }

    /**
     * Appends a record and returns the position just after it, for {@link #force(long)}. If the append fails (a full
     * disk) the segment is cut back to where it was, so that no torn record is left before later ones; if even that
     * fails the journal can take no more, and {@link Broken} says so.
     */
    long append(byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(FRAME + body.length);
        frame.putInt(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(body);
        frame.putInt((int) crc.getValue()).flip();
        long start = written;
        try {
            while (frame.hasRemaining()) {
                channel.write(frame, start - base + frame.position());
            }
        } catch (IOException e) {
            cutBack(start, e);
            throw e;
        }
        written = start + frame.limit();
        bytesAppended += frame.limit();
        return written;
    }

    /** Takes back what was appended from {@code start} on: its transaction could not commit. */
    void cutBack(long start, Exception cause) throws Broken {
        try {
            channel.truncate(start - base);
            written = start;
        } catch (IOException e) {
            Broken broken = new Broken("cannot cut the commit journal back after a failed commit", e);
            broken.addSuppressed(cause);
            throw broken;
        }
    }

    long written() {
        return written;
    }

    /** Bytes appended since the journal opened, for the benchmarks. */
    long bytesAppended() {
        return bytesAppended;
    }

    /**
     * Returns once everything up to {@code position} is on the disk. One thread forces at a time; those queued behind
     * it find their records covered by its force, or make the next one for everything appended by then.
     */
    void force(long position) throws IOException {
        if (forced >= position) {
            return;
        }
        forceLock.lock();
        try {
            if (forced >= position) {
                return;
            }
            long target = written;
            channel.force(false);
            forced = target;
        } finally {
            forceLock.unlock();
        }
    }

    /** Forces everything appended so far. */
    void forceAll() throws IOException {
        force(written);
    }

    /**
     * Starts a new segment for the appends that follow (called between two appends) and returns the number of the
     * last one before it: once the database has stored everything committed so far, {@link #deleteThrough} drops it
     * and those before it.
     */
    long rotate() throws IOException {
        forceLock.lock();
        try {
            channel.force(false);
            forced = written;
            long last = segmentNumber;
            channel.close();
            startSegment();
            return last;
        } finally {
            forceLock.unlock();
        }
    }

    /** Deletes the segments up to and including {@code last}: the database holds everything they record. */
    void deleteThrough(long last) throws IOException {
        for (Path segment : segments()) {
            if (number(segment) <= last) {
                Files.deleteIfExists(segment);
            }
        }
    }

    private void startSegment() throws IOException {
        segmentNumber++;
        channel = FileChannel.open(directory.resolve(String.format("%019d%s", segmentNumber, SUFFIX)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        base = written;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    /** The journal can no longer be trusted to hold what follows: the database must be recovered from it. */
    static final class Broken extends IOException {
        Broken(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
