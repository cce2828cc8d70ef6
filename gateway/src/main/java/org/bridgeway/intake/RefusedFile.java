package org.bridgeway.intake;

/**
 * A file of a return that was not read or not used, with the rule it broke: not SSDA903 at all
 * ({@code ssda903.file-refused}), a symbolic link in the inbox ({@code inbox.symbolic-link}), ... The reason never
 * quotes the file's content.
 *
 * @param file the file's name as its sender gave it (reports and answers only; audited as a digest)
 */
public record RefusedFile(String file, String rule, String reason) {
}
