package org.bridgeway.adapters.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.bridgeway.model.FieldViolation;

/**
 * Reads the body of a request that carries one notice as a JSON object, for every JSON endpoint alike: a body
 * over its limit is refused unread, the parser is bounded (nesting depth, number length, no duplicate members,
 * nothing after the object), and every refusal is one violation of the whole body ({@code $}) in our own words.
 *
 * <p>Strings may be as long as the body itself, so that a long value is reported by the reader of its field
 * ({@code child.givenName text.max-length}), not by the parser. Parser messages are never passed on: they name
 * the library's internals and quote the offending token, which may be personal data. Pure and thread-safe.
 */
public final class JsonBodyReader {
    /** The field of a violation of the body as a whole. */
    public static final String WHOLE_BODY = "$";
    public static final String EMPTY = "body.empty";
    /** The body is over the endpoint's limit: an HTTP endpoint answers 413. */
    public static final String TOO_LARGE = "body.too-large";
    public static final String MALFORMED = "json.malformed";
    public static final String TOO_DEEP = "json.too-deep";
    public static final String NUMBER_TOO_LONG = "json.number-too-long";
    public static final String NOT_OBJECT = "json.not-object";

    /** Far deeper than any notice (three levels), far shallower than a stack-exhausting document. */
    public static final int MAX_DEPTH = 20;
    /** Longer than any number a notice holds; keeps big-number parsing cheap. */
    public static final int MAX_NUMBER_LENGTH = 30;

    private final int maxBytes;
    private final String what;
    private final ObjectMapper json;

    /**
     * @param maxBytes the largest body read
     * @param what     what the body should be, for the refusal of an empty one ("a placement notice")
     */
    public JsonBodyReader(int maxBytes, String what) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.what = what;
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_DEPTH)
                                .maxNumberLength(MAX_NUMBER_LENGTH)
                                .maxStringLength(maxBytes)
                                .maxNameLength(maxBytes)
                                .build())
                        .build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** A body read: the JSON object, or the one reason the body as a whole was refused. */
    public sealed interface Result {
        record Parsed(ObjectNode document) implements Result {
        }

        record Refused(FieldViolation violation) implements Result {
            /** True when the body was refused for its size alone. */
            public boolean tooLarge() {
                return TOO_LARGE.equals(violation.rule());
            }
        }
    }

    public Result read(byte[] body) {
        if (body == null || body.length == 0) {
            return refused(EMPTY, "the request has no body; send " + what + " as JSON");
        }
        if (body.length > maxBytes) {
            return refused(TOO_LARGE, "the body is larger than " + maxBytes + " bytes and was not read");
        }
        JsonNode document;
        try {
            document = json.readTree(body);
        } catch (IOException e) {
            return refusal(e);
        }
        if (document == null || !document.isObject()) {
            return refused(NOT_OBJECT, "the body must be a JSON object");
        }
        return new Result.Parsed((ObjectNode) document);
    }

    /**
     * A member name as a violation may show it: names that are plain identifiers are shown, anything else (very
     * long, or holding other characters) becomes {@code ?}, since a sender's own member names are free text.
     */
    public static String memberName(String prefix, String name) {
        return prefix + (name != null && name.matches("[A-Za-z_][A-Za-z0-9_]{0,39}") ? name : "?");
    }

    /** What is wrong with an unreadable body, and where, in words that never quote it nor name the parser. */
    private static Result refusal(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return refused(TOO_DEEP, "the JSON is nested more than " + MAX_DEPTH + " levels deep");
            }
            if (message.contains("Number value length")) {
                return refused(NUMBER_TOO_LONG, "a number has more than " + MAX_NUMBER_LENGTH + " digits");
            }
            return refused(MALFORMED, "the body is not well-formed JSON: it exceeds a limit on its structure");
        }
        String why;
        if (message.startsWith("Duplicate field")) {
            why = "a field is given more than once";
        } else if (message.startsWith("Trailing token")) {
            why = "there is more after the end of the JSON object";
        } else if (message.contains("Invalid UTF-8")) {
            why = "the text is not valid UTF-8";
        } else if (message.contains("end-of-input")) {
            why = "the JSON ends before it is complete";
        } else {
            why = "syntax error";
        }
        if (e instanceof JsonProcessingException p && p.getLocation() != null && p.getLocation().getLineNr() > 0) {
            why += " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
        }
        return refused(MALFORMED, "the body is not well-formed JSON: " + why);
    }

    private static Result refused(String rule, String message) {
        return new Result.Refused(new FieldViolation(WHOLE_BODY, rule, message));
    }
}
