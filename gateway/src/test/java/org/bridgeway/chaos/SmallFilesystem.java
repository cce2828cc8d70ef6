package org.bridgeway.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A small filesystem of its own for a gateway's data directory, so that the suite can fill it and free it again
 * without touching the machine's disks: {@code mount -t tmpfs -o size=…} on the data directory (as root). Where the
 * kernel refuses that mount (not root), the gateway is launched in a new user and mount namespace instead
 * ({@code unshare -Urm}), mounting the tmpfs there before it starts, and the suite reaches that mount through
 * {@code /proc/<pid>/root}. That variant lives only as long as the gateway process, so it serves the scenario
 * that fills the disk without restarting the gateway. {@link #how()} says which one was used, for the output.
 */
final class SmallFilesystem implements AutoCloseable {
    private final Path mountPoint;
    private final long sizeBytes;
    private final boolean hostMount;
    private final String refusal;
    private GatewayProcess holder;

    private SmallFilesystem(Path mountPoint, long sizeBytes, boolean hostMount, String refusal) {
        this.mountPoint = mountPoint;
        this.sizeBytes = sizeBytes;
        this.hostMount = hostMount;
        this.refusal = refusal;
    }

    /** A tmpfs of {@code sizeBytes} on {@code mountPoint}; {@code forceNamespace} tries the fallback even as root. */
    static SmallFilesystem mount(Path mountPoint, long sizeBytes, boolean forceNamespace) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!forceNamespace && Leftovers.run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "tmpfs",
                mountPoint.toString())) {
            Leftovers.registerMount(mountPoint);
            return new SmallFilesystem(mountPoint, sizeBytes, true, null);
        }
        return new SmallFilesystem(mountPoint, sizeBytes, false,
                forceNamespace ? "fallback forced" : "mount -t tmpfs refused");
    }

    /** The command prefix the gateway is launched with: none for a host mount, else the namespace that mounts. */
    List<String> launcher() {
        if (hostMount) {
            return List.of();
        }
        return List.of("unshare", "-Urm", "sh", "-c",
                "mount -t tmpfs -o size=" + sizeBytes + " tmpfs \"$0\" && exec \"$@\"", mountPoint.toString());
    }

    /** Which gateway's view of the mount the suite writes into (the fallback's mount is in its namespace). */
    void heldBy(GatewayProcess gateway) {
        this.holder = gateway;
    }

    String how() {
        return hostMount ? "tmpfs of " + sizeBytes / (1024 * 1024) + " MiB mounted on the data directory"
                : "tmpfs of " + sizeBytes / (1024 * 1024) + " MiB mounted in the gateway's own user and mount "
                + "namespace (unshare -Urm; " + refusal + ")";
    }

    /** Fills the filesystem to its last page with one file; returns how many bytes that took. */
    long fill() {
        Path filler = visible().resolve("chaos-filler");
        long written = 0;
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // big blocks first, then ever smaller ones, so that not even a page is left for the gateway
            for (int block : new int[] {1 << 20, 1 << 16, 1 << 12}) {
                ByteBuffer bytes = ByteBuffer.allocate(block);
                while (true) {
                    try {
                        bytes.clear();
                        written += out.write(bytes);
                    } catch (IOException full) {
                        break; // ENOSPC at this block size: go on with a smaller one
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fill the small filesystem", e);
        }
        return written;
    }

    /** Frees what {@link #fill()} took. */
    void free() {
        try {
            Files.deleteIfExists(visible().resolve("chaos-filler"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot free the small filesystem", e);
        }
    }

    private Path visible() {
        if (hostMount) {
            return mountPoint;
        }
        if (holder == null || !holder.alive()) {
            throw new IllegalStateException("the namespace mount lives in the gateway process, which is not running");
        }
        return Path.of("/proc", Long.toString(holder.pid()), "root").resolve(mountPoint.toString().substring(1));
    }

    @Override
    public void close() {
        if (hostMount) {
            Leftovers.unmount(mountPoint);
            Leftovers.forgetMount(mountPoint);
        }
    }
}
