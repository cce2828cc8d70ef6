package org.bridgeway.adapters.ssda903;

/**
 * A whole file that was not processed (not an SSDA903 table, empty, binary, a second copy of a table, an
 * episodes table without its header table, ...). The reason never quotes the file's content.
 *
 * @param file   the file name as given in {@link Ssda903File#name()}
 * @param reason why the file was refused, in words
 */
public record FileRefusal(String file, String reason) {
}
