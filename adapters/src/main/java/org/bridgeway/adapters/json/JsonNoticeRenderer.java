package org.bridgeway.adapters.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;

/**
 * Renders a minimised notice as Bridgeway's own JSON:
 *
 * <pre>
 * {
 *   "bridgeway": "1.0",
 *   "exchangeId": "...", "exchangeType": "placement-notification", "issuedAt": "2025-...Z",
 *   "sender": {"id": "local-authority:886", "name": "..."},
 *   "recipient": {"id": "health:RVV", "name": "..."},
 *   "notice": {"child": {"localId": "...", ...}, "placement": {...}, "risks": ["CCE", ...]}
 * }
 * </pre>
 *
 * <p>The {@code notice} object is built from the dotted field names of the notice: {@code child.localId} becomes
 * {@code "child": {"localId": ...}}. Only the fields in the map appear, in the map's order. The fields that hold
 * comma-joined codes, {@code risks} of a placement and {@code exclusion.reasons} of an exclusion notice, become
 * arrays of strings; every other value is a string. Output is UTF-8, pretty-printed with two-space indents and
 * {@code \n} line ends on every platform, so it is byte-for-byte deterministic. Stateless and thread-safe.
 */
public final class JsonNoticeRenderer implements NoticeRenderer {
    public static final String FORMAT = "json";
    public static final String MEDIA_TYPE = "application/json";
    /** The version of this JSON shape, written as the {@code bridgeway} member. */
    public static final String SHAPE_VERSION = "1.0";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The fields of each exchange type whose value is a comma-joined list of codes. */
    private static final Map<ExchangeType, Set<String>> LIST_FIELDS = Map.of(
            ExchangeType.PLACEMENT_NOTIFICATION, Set.of(PlacementNotice.Fields.RISKS),
            ExchangeType.EXCLUSION_NOTICE, Set.of(ExclusionNotice.Fields.EXCLUSION_REASONS),
            ExchangeType.CUSTODY_HANDOVER, Set.of(CustodyHandoverNotice.Fields.BAIL_REFUSAL));
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    @Override
    public byte[] render(MinimisedNotice notice) {
        try {
            return WRITER.writeValueAsBytes(tree(notice));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise notice " + notice.exchangeId(), e);
        }
    }

    /** The JSON tree {@link #render} writes; exposed for callers that embed the notice in a larger document. */
    public JsonNode tree(MinimisedNotice notice) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("bridgeway", SHAPE_VERSION);
        root.put("exchangeId", notice.exchangeId());
        root.put("exchangeType", notice.exchangeType().slug());
        root.put("issuedAt", notice.issuedAt().toString());
        root.set("sender", party(notice.sender()));
        root.set("recipient", party(notice.recipient()));
        root.set("notice", nest(notice.exchangeType(), notice.fields()));
        return root;
    }

    private static ObjectNode party(Organisation org) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", org.id());
        node.put("name", org.name());
        return node;
    }

    /** Builds nested objects from dotted names, keeping the map's order; a name cannot be both a leaf and a branch. */
    static ObjectNode nest(ExchangeType type, Map<String, String> fields) {
        Set<String> lists = LIST_FIELDS.getOrDefault(type, Set.of());
        ObjectNode notice = MAPPER.createObjectNode();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String name = field.getKey();
            String[] parts = name.split("\\.", -1);
            ObjectNode parent = notice;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                if (child == null) {
                    parent = parent.putObject(parts[i]);
                } else if (child instanceof ObjectNode object) {
                    parent = object;
                } else {
                    throw new IllegalArgumentException("field name " + name + " clashes with field " + parts[i]);
                }
            }
            String leaf = parts[parts.length - 1];
            if (leaf.isEmpty() || parent.has(leaf)) {
                throw new IllegalArgumentException("field name " + name + " is empty or clashes with another field");
            }
            if (lists.contains(name)) {
                ArrayNode codes = parent.putArray(leaf);
                for (String code : field.getValue().split(",")) {
                    if (!code.isBlank()) {
                        codes.add(code.trim());
                    }
                }
            } else {
                parent.put(leaf, field.getValue());
            }
        }
        return notice;
    }
}
