package org.bridgeway.adapters.ssda903;

import java.util.Objects;

/**
 * One CSV file of an SSDA903 return, as it arrived: its file name (used only to name the file in errors and
 * refusals) and its whole text content. The gateway decodes the bytes as UTF-8 before building this; a file
 * that was not UTF-8 shows up as U+FFFD replacement characters and is refused.
 */
public record Ssda903File(String name, String content) {
    public Ssda903File {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
