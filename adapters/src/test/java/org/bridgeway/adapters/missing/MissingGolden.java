package org.bridgeway.adapters.missing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;

/**
 * Writes reader results as the JSON the golden files hold. A case folder under {@code src/test/resources/missing}
 * holds its inputs, a {@code case.properties} naming the authenticated {@code sender} and the gateway's {@code now},
 * and {@code expected.json}. Run with {@code -Dbridgeway.golden.update=true} to rewrite the expected files after a
 * deliberate change, then review the diff.
 */
/** The golden-case plumbing of the notice readers, shared with the custody-handover cases. */
public final class MissingGolden {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Path CASES = Path.of("src/test/resources/missing");

    private MissingGolden() {
    }

    public record Case(Organisation sender, Instant now) {
        public static Case of(Path dir) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(dir.resolve("case.properties"))) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Case(Organisation.parseId(p.getProperty("sender")), Instant.parse(p.getProperty("now")));
        }
    }

    /** Exchange ids bx-0001, bx-0002, ... */
    public static Supplier<String> exchangeIds() {
        int[] next = {0};
        return () -> String.format("bx-%04d", ++next[0]);
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(MissingReadResult<?> result) {
        ObjectNode root = JSON.createObjectNode();
        if (result instanceof MissingReadResult.Accepted<?> accepted) {
            notices(root.putArray("notices"), List.of(accepted.notice()));
        } else {
            violations(root.putArray("violations"), ((MissingReadResult.Refused<?>) result).violations());
        }
        return root;
    }

    static ObjectNode toJson(MissingCsvResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("rowsRead", result.rowsRead());
        root.put("rowsWithErrors", result.rowsWithErrors());
        result.refusal().ifPresent(r -> root.put("refused", r.reason()));
        notices(root.putArray("notices"), result.notices());
        ArrayNode errors = root.putArray("rowErrors");
        for (RowError e : result.rowErrors()) {
            errors.addObject().put("row", e.row()).put("column", e.column()).put("rule", e.rule())
                    .put("message", e.message());
        }
        root.put("unlistedErrors", result.unlistedErrors());
        return root;
    }

    public static void notices(ArrayNode out, List<? extends Notice> notices) {
        for (Notice n : notices) {
            ObjectNode o = out.addObject();
            o.put("exchangeId", n.exchangeId());
            o.put("idempotencyKey", n.idempotencyKey());
            o.put("sender", n.sender().id());
            ObjectNode fields = o.putObject("fields");
            n.fields().forEach(fields::put);
        }
    }

    public static void violations(ArrayNode out, List<FieldViolation> violations) {
        for (FieldViolation v : violations) {
            out.addObject().put("field", v.field()).put("rule", v.rule()).put("message", v.message());
        }
    }
}
