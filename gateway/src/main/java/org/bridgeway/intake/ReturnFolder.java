package org.bridgeway.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bridgeway.adapters.ssda903.Ssda903File;

/**
 * Reads the CSV files of a return held in a folder without ever following a symbolic link or reading outside the
 * folder. The folder is opened once and every file is looked at and opened relative to that open folder
 * ({@link SecureDirectoryStream}, where the platform has it), never through a link ({@code O_NOFOLLOW}): a link
 * swapped in between the look and the open fails to open. A file that is a link, a hard link to a file elsewhere,
 * or not a regular file (a folder, a pipe that would block the reader) is refused by a named rule and not read;
 * the rest of the return goes on. A folder that is itself a link, or not inside the inbox, is refused whole.
 */
final class ReturnFolder {
    static final String SYMBOLIC_LINK = "inbox.symbolic-link";
    static final String OUTSIDE_INBOX = "inbox.outside-inbox";
    static final String HARD_LINK = "inbox.hard-link";
    static final String NOT_A_FILE = "inbox.not-a-regular-file";
    static final String FILE_NAME = "inbox.file-name.format";

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What was read, and what was refused unread. */
    record Contents(List<Ssda903File> files, List<RefusedFile> refused) {
    }

    private ReturnFolder() {
    }

    /**
     * Refuses a return folder that is not a real folder directly inside the inbox: a symbolic link (to a folder
     * inside the inbox or out of it), or a path that resolves elsewhere.
     */
    static void requireInInbox(Path inbox, Path folder) {
        try {
            if (Files.readAttributes(folder, BasicFileAttributes.class, NO_FOLLOW).isSymbolicLink()) {
                throw new RuleRefusedException(SYMBOLIC_LINK, "the return's folder is a symbolic link; the inbox "
                        + "reads only folders dropped in it");
            }
            Path real = folder.toRealPath(); // the folder is no link: this resolves only the folders above it
            if (!Objects.equals(real.getParent(), inbox.toRealPath())) {
                throw new RuleRefusedException(OUTSIDE_INBOX, "the return's folder is not inside the inbox");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at the return's folder", e);
        }
    }

    /** Reads the folder's files (hidden files and {@code except} skipped), within the intake's limits. */
    static Contents read(Path folder, String except) {
        try {
            BasicFileAttributes self = Files.readAttributes(folder, BasicFileAttributes.class, NO_FOLLOW);
            if (self.isSymbolicLink()) {
                throw new RuleRefusedException(SYMBOLIC_LINK, "the return's folder is a symbolic link");
            }
            if (!self.isDirectory()) {
                throw new IllegalArgumentException("not a folder: " + folder.getFileName());
            }
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
                Opener opener = listing instanceof SecureDirectoryStream<Path> secure ? new Secure(secure, folder)
                        : new ByPath(folder);
                if (self.fileKey() != null && !self.fileKey().equals(opener.folderKey())) {
                    throw new RuleRefusedException(SYMBOLIC_LINK, "the return's folder was replaced while it was read");
                }
                List<Path> names = new ArrayList<>();
                listing.forEach(p -> names.add(p.getFileName()));
                names.sort(null);
                return read(opener, names, except);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the return in " + folder.getFileName(), e);
        }
    }

    private static Contents read(Opener opener, List<Path> names, String except) throws IOException {
        List<Ssda903File> files = new ArrayList<>();
        List<RefusedFile> refused = new ArrayList<>();
        long total = 0;
        for (Path name : names) {
            String text = name.toString();
            if (text.startsWith(".") || text.equals(except)) {
                continue;
            }
            ZipEntryNames.requirePlain(text, FILE_NAME);
            BasicFileAttributes attributes = opener.attributes(name);
            if (attributes.isSymbolicLink()) {
                refused.add(new RefusedFile(text, SYMBOLIC_LINK, "a symbolic link; the inbox reads only files "
                        + "dropped in the return's folder, never what a link points to"));
                continue;
            }
            if (!attributes.isRegularFile()) {
                refused.add(new RefusedFile(text, NOT_A_FILE, "not a regular file (a folder, a link or a device)"));
                continue;
            }
            if (opener.links(name) > 1) {
                refused.add(new RefusedFile(text, HARD_LINK, "a hard link to a file that is also elsewhere; copy "
                        + "the file into the return's folder"));
                continue;
            }
            if (attributes.size() > Ssda903Intake.MAX_FILE_BYTES) {
                throw new InputTooLargeException("a file of the return is larger than " + Ssda903Intake.MAX_FILE_BYTES
                        + " bytes");
            }
            if (files.size() >= Ssda903Intake.MAX_FILES) {
                throw new InputTooLargeException("the return has more than " + Ssda903Intake.MAX_FILES + " files");
            }
            byte[] content;
            try (SeekableByteChannel channel = opener.open(name)) {
                content = readBounded(channel, Ssda903Intake.MAX_FILE_BYTES);
            } catch (FileSystemException e) {
                // O_NOFOLLOW refused it: a link was swapped in after the look
                refused.add(new RefusedFile(text, SYMBOLIC_LINK, "became a symbolic link while the return was read"));
                continue;
            }
            total += content.length;
            if (total > Ssda903Intake.MAX_RETURN_BYTES) {
                throw new InputTooLargeException("the return is larger than " + Ssda903Intake.MAX_RETURN_BYTES
                        + " bytes");
            }
            files.add(new Ssda903File(text, new String(content, StandardCharsets.UTF_8)));
        }
        return new Contents(files, refused);
    }

    private static byte[] readBounded(SeekableByteChannel channel, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) > 0) {
            if (out.size() + buffer.position() > limit) {
                throw new InputTooLargeException("a file of the return grew beyond " + limit + " bytes");
            }
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /** The names a file has, asked by path without following a link (an open folder has no view of it). */
    private static int linkCount(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", NO_FOLLOW)).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // the platform cannot tell
        }
    }

    /** Looks at and opens a folder's entries by name, never following a link. */
    private interface Opener {
        Object folderKey() throws IOException;

        BasicFileAttributes attributes(Path name) throws IOException;

        /** The number of names the file has; 1 where the platform cannot tell. */
        int links(Path name) throws IOException;

        SeekableByteChannel open(Path name) throws IOException;
    }

    /** Relative to the open folder: the folder cannot be swapped for a link once listed. */
    private record Secure(SecureDirectoryStream<Path> folder, Path path) implements Opener {
        @Override
        public Object folderKey() throws IOException {
            return folder.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        }

        @Override
        public BasicFileAttributes attributes(Path name) throws IOException {
            return folder.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW).readAttributes();
        }

        @Override
        public int links(Path name) throws IOException {
            return linkCount(path.resolve(name));
        }

        @Override
        public SeekableByteChannel open(Path name) throws IOException {
            return folder.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Where the platform has no {@link SecureDirectoryStream}: by path, still never through a link. */
    private record ByPath(Path folder) implements Opener {
        @Override
        public Object folderKey() throws IOException {
            return Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
        }

        @Override
        public BasicFileAttributes attributes(Path name) throws IOException {
            return Files.readAttributes(folder.resolve(name), BasicFileAttributes.class, NO_FOLLOW);
        }

        @Override
        public int links(Path name) throws IOException {
            return linkCount(folder.resolve(name));
        }

        @Override
        public SeekableByteChannel open(Path name) throws IOException {
            return Files.newByteChannel(folder.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
