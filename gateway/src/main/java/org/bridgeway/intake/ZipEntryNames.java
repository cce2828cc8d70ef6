package org.bridgeway.intake;

import java.util.regex.Pattern;

/**
 * The names of a ZIP upload's entries: a return is a flat set of CSV files, so an entry name is a plain file name
 * or refused by a named rule. Nothing is stripped: an archive whose names reach for folders
 * ({@code ../../x/episodes.csv}, {@code /srv/episodes.csv}, {@code C:\x.csv}) is not what its sender meant to
 * send, or not sent in good faith. Messages name the entry by its place in the archive, never by its name (a name
 * is the sender's free text and could hold personal data).
 */
final class ZipEntryNames {
    /** macOS Finder's resource forks beside the files it compresses: never read, so never refused. */
    static final String MACOS_METADATA = "__MACOSX/";
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

    private ZipEntryNames() {
    }

    /** Whether the entry is the archiver's own metadata, skipped unread. */
    static boolean ignored(String name) {
        return name.startsWith(MACOS_METADATA) || (name.startsWith(".") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && !name.equals("..") && !hasControl(name));
    }

    /**
     * Refuses an entry name that is not a plain file name.
     *
     * @param index the entry's place in the archive, from 1, for the message
     */
    static void check(String name, int index) {
        String entry = "entry " + index + " of the archive";
        if (hasControl(name)) {
            throw new RuleRefusedException("zip.entry-name.control", entry + " has control or formatting "
                    + "characters in its name");
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw new RuleRefusedException("zip.entry-name.absolute", entry + " names an absolute path; put the "
                    + "CSV files themselves in the ZIP, without folders");
        }
        if (DRIVE.matcher(name).matches()) {
            throw new RuleRefusedException("zip.entry-name.drive", entry + " names a drive letter; put the CSV "
                    + "files themselves in the ZIP, without folders");
        }
        if (name.indexOf('\\') >= 0) {
            throw new RuleRefusedException("zip.entry-name.backslash", entry + " has a backslash in its name; put "
                    + "the CSV files themselves in the ZIP, without folders");
        }
        if (name.equals("..") || name.startsWith("../") || name.contains("/../") || name.endsWith("/..")) {
            throw new RuleRefusedException("zip.entry-name.parent", entry + " names a parent folder (..)");
        }
        if (name.indexOf('/') >= 0) {
            throw new RuleRefusedException("zip.entry-name.folder", entry + " is in a folder; zip the CSV files "
                    + "themselves, not the folder that holds them");
        }
        requirePlain(name, "zip.entry-name.format");
    }

    /**
     * File names reach reports and answers: short, plain names only (letters, digits, space, dot, hyphen,
     * underscore; at most 100 characters). A name that breaks this is refused without being repeated.
     */
    static void requirePlain(String name, String rule) {
        if (!PLAIN.matcher(name).matches()) {
            throw new RuleRefusedException(rule, "a file name in the return is not allowed: use at most 100 letters,"
                    + " digits, spaces, dots, hyphens or underscores, starting with a letter or digit");
        }
    }

    /** C0 and C1 controls, and format characters (bidirectional overrides, zero-width joiners, ...). */
    private static boolean hasControl(String name) {
        return name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
