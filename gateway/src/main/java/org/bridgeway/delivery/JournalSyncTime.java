package org.bridgeway.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * How long the disk under the broker's journal takes to sync one page: how long Artemis's journal should hold a sync
 * for more writes to join it (its journal buffer timeout). {@code artemis create} measures the same when it writes a
 * broker's configuration; an embedded broker gets Artemis's fixed default for NIO instead, a third of a millisecond
 * written for a spinning disk, and every broker transaction waited that long: on the 2-core bench machine, whose disk
 * syncs a page in about 0.13 ms, the bare route's p50 was 3.4 ms and the governed route's 6.5 ms
 * (docs/benchmarks.md, "The broker's journal syncs as fast as its disk").
 *
 * <p>A wait shorter than the disk's sync costs nothing in durability (every commit is still synced before it is
 * answered) and little in batching: writes that arrive while a sync is under way join the next one.
 */
final class JournalSyncTime {
    /** Artemis's default for an NIO journal (300 syncs a second): the most the calibration ever gives. */
    static final Duration ARTEMIS_NIO_DEFAULT = Duration.ofNanos(3_333_333);
    /** The least: below it the journal's timer would wake for syncs the disk cannot make any faster. */
    static final Duration FLOOR = Duration.ofNanos(50_000);
    /** Synced page writes measured; 64 take about 8 ms on a solid-state disk, half a second on a spinning one. */
    static final int WRITES = 64;
    private static final int PAGE = 4096;
    private static final String PROBE_FILE = "journal-sync-test.tmp";

    private JournalSyncTime() {
    }

    /**
     * The mean time of {@value #WRITES} synced page writes in a scratch file under {@code directory} (created if
     * missing; the file is deleted), between {@link #FLOOR} and {@link #ARTEMIS_NIO_DEFAULT}.
     */
    static Duration measure(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path probe = directory.resolve(PROBE_FILE);
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            // written and synced once first, as the journal's files are made before use: a sync that also had to
            // record the file's growth would measure more than the journal ever waits for
            for (int i = 0; i < WRITES; i++) {
                writeAt(channel, page, (long) i * PAGE);
            }
            channel.force(true);
            long started = System.nanoTime();
            for (int i = 0; i < WRITES; i++) {
                writeAt(channel, page, (long) i * PAGE);
                channel.force(false);
            }
            long mean = (System.nanoTime() - started) / WRITES;
            return Duration.ofNanos(Math.min(ARTEMIS_NIO_DEFAULT.toNanos(), Math.max(FLOOR.toNanos(), mean)));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static void writeAt(FileChannel channel, ByteBuffer page, long position) throws IOException {
        page.clear();
        while (page.hasRemaining()) {
            channel.write(page, position + page.position());
        }
    }
}
