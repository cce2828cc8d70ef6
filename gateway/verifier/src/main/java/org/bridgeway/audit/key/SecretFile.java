package org.bridgeway.audit.key;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.function.Supplier;

/** A secret kept as hex in a file that only its owner can read, made on first use. */
public final class SecretFile {
    private SecretFile() {
    }

    /**
     * The secret in {@code file}, or a new one from {@code newSecret} stored there. A new file is written whole under
     * a temporary name made owner-only before the secret goes in, then linked into place: it is never readable by
     * others, nor found half-written. Linking, unlike a move, never replaces a file: when two gateway nodes sharing
     * one keys directory start at once, the second finds the first's secret in place and uses it.
     */
    public static byte[] loadOrCreate(Path file, Supplier<byte[]> newSecret) throws IOException {
        if (Files.exists(file)) {
            return HexFormat.of().parseHex(Files.readString(file).trim());
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] secret = newSecret.get();
        Path temporary = Files.createTempFile(parent, ".key", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the directory's own protection applies
        }
        try {
            Files.writeString(temporary, HexFormat.of().formatHex(secret));
            Files.createLink(file, temporary);
            return secret;
        } catch (FileAlreadyExistsException madeMeanwhile) {
            return HexFormat.of().parseHex(Files.readString(file).trim());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
