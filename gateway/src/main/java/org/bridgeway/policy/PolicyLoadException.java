package org.bridgeway.policy;

import java.nio.file.Path;

/**
 * The policy set cannot be loaded, so the decision point refuses to start. The message names the file and the
 * JSON path of the offending field ({@code $.parties.recipients[0].permittedFields[3]}).
 */
public class PolicyLoadException extends RuntimeException {

    private final Path file;
    private final String field;

    public PolicyLoadException(Path file, String field, String problem) {
        this(file, field, problem, null);
    }

    public PolicyLoadException(Path file, String field, String problem, Throwable cause) {
        super(describe(file, field, problem), cause);
        this.file = file;
        this.field = field;
    }

    private static String describe(Path file, String field, String problem) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file).append(": ");
        }
        if (field != null) {
            b.append(field).append(": ");
        }
        return b.append(problem).toString();
    }

    /** The file at fault; may be {@code null} when the problem is with the directory itself. */
    public Path file() {
        return file;
    }

    /** The JSON path of the field at fault (e.g. {@code $.validUntil}), or {@code null} for a whole-file problem. */
    public String field() {
        return field;
    }
}
