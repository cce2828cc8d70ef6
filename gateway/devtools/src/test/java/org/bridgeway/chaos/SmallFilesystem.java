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
 * kernel refuses that mount (not root), a holder process makes a user and mount namespace of its own ({@code unshare
 * -Urm}) and mounts the tmpfs there; each gateway is launched inside that namespace ({@code nsenter}), so the mount
 * outlives a gateway's restart, and the suite reaches it through {@code /proc/<holder>/root}. {@link #how()} says
 * which one was used, for the output.
 */
final class SmallFilesystem implements AutoCloseable {
    private final Path mountPoint;
    private final long sizeBytes;
    private final Process holder;
    private final String refusal;

    private SmallFilesystem(Path mountPoint, long sizeBytes, Process holder, String refusal) {
        this.mountPoint = mountPoint;
        this.sizeBytes = sizeBytes;
        this.holder = holder;
        this.refusal = refusal;
    }

    /** A tmpfs of {@code sizeBytes} on {@code mountPoint}; {@code forceNamespace} uses the fallback even as root. */
    static SmallFilesystem mount(Path mountPoint, long sizeBytes, boolean forceNamespace) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!forceNamespace && Leftovers.run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "tmpfs",
                mountPoint.toString())) {
            Leftovers.registerMount(mountPoint);
            return new SmallFilesystem(mountPoint, sizeBytes, null, null);
        }
        return new SmallFilesystem(mountPoint, sizeBytes, namespaceHolder(mountPoint, sizeBytes),
                forceNamespace ? "fallback forced by -Dbridgeway.chaos.namespaceMount" : "mount -t tmpfs refused");
    }

    /** A process that mounts the tmpfs in a new user and mount namespace and then just keeps it alive. */
    private static Process namespaceHolder(Path mountPoint, long sizeBytes) {
        try {
            Process holder = new ProcessBuilder("unshare", "-Urm", "sh", "-c",
                    "mount -t tmpfs -o size=" + sizeBytes + " tmpfs \"$0\" && echo mounted && exec sleep 86400",
                    mountPoint.toString()).redirectErrorStream(true).start();
            Leftovers.register(holder.toHandle());
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (!"mounted".equals(line)) {
                holder.destroyForcibly();
                throw new IllegalStateException("cannot make a small filesystem: neither mount -t tmpfs nor "
                        + "unshare -Urm works here (" + line + ")");
            }
            return holder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run unshare", e);
        }
    }

    /** The command prefix the gateway is launched with: none for a host mount, else entering the namespace. */
    List<String> launcher() {
        return holder == null ? List.of()
                : List.of("nsenter", "-t", Long.toString(holder.pid()), "-U", "-m", "--preserve-credentials");
    }

    String how() {
        return holder == null ? "tmpfs of " + sizeBytes / (1024 * 1024) + " MiB mounted on the data directory"
                : "tmpfs of " + sizeBytes / (1024 * 1024) + " MiB mounted in a user and mount namespace of its own "
                + "(unshare -Urm, the gateway entered with nsenter; " + refusal + ")";
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
        return holder == null ? mountPoint
                : Path.of("/proc", Long.toString(holder.pid()), "root").resolve(mountPoint.toString().substring(1));
    }

    @Override
    public void close() {
        if (holder == null) {
            Leftovers.unmount(mountPoint);
            Leftovers.forgetMount(mountPoint);
        } else {
            holder.destroyForcibly(); // the namespace and its mount go with their last process
        }
    }
}
