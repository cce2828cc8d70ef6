package org.bridgeway.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a console form becomes the JSON document the API takes, and how the API's answer is put back in a form's
 * words: an empty field is not sent (the document's reader says what is missing), a yes or no is a boolean, and
 * every time is England's.
 */
final class FormDocuments {
    /** Where the console's people are: a form's local times are read here, and times are shown here. */
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");
    /** A time as a board shows it: "Fri 4 Dec, 22:30". */
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.UK)
            .withZone(ENGLAND);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FormDocuments() {
    }

    static ObjectNode document() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(ObjectNode document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a form's document is always JSON", e);
        }
    }

    /** The field's value as typed, without the spaces around it; null when nothing was typed. */
    static String given(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static void putIfGiven(ObjectNode node, String field, String value) {
        String given = given(value);
        if (given != null) {
            node.put(field, given);
        }
    }

    /** A yes or no as a boolean; anything else as it came, for the document's schema to refuse beside the question. */
    static void putYesNo(ObjectNode node, String field, String answer) {
        String given = given(answer);
        if ("yes".equals(given) || "no".equals(given)) {
            node.put(field, "yes".equals(given));
        } else if (given != null) {
            node.put(field, given);
        }
    }

    /** The reader's message as a sentence a form shows: "must be a date" → "Must be a date". */
    static String sentence(String message) {
        return message == null || message.isEmpty() ? ""
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
