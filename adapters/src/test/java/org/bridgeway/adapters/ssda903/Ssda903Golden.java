package org.bridgeway.adapters.ssda903;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bridgeway.model.PlacementNotice;

/** Reads a golden case directory and writes a result as the JSON the expected files hold. */
final class Ssda903Golden {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * The golden returns are for the year ending 31 March 2025, read on 14 March 2025 (a feed sent before the year
     * ends), so that a date can be in the future without being after the collection year.
     */
    static final ReturnPeriod PERIOD = new ReturnPeriod(LocalDate.of(2025, 3, 31), LocalDate.of(2025, 3, 14));

    private Ssda903Golden() {
    }

    /**
     * The .csv files of a directory, sorted by name, decoded as UTF-8 the way the gateway does (malformed bytes
     * become U+FFFD, so a binary or wrongly encoded file reaches the translator and is refused there).
     */
    static List<Ssda903File> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted()
                    .map(p -> new Ssda903File(p.getFileName().toString(), read(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exchange ids ex-0001, ex-0002, ... */
    static Supplier<String> exchangeIds() {
        int[] next = {0};
        return () -> String.format("ex-%04d", ++next[0]);
    }

    static ObjectNode toJson(Ssda903Result result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("notifiable", result.notifiable());
        root.put("notNotifiable", result.notNotifiable());
        ArrayNode notices = root.putArray("notices");
        for (PlacementNotice n : result.notices()) {
            ObjectNode o = notices.addObject();
            o.put("exchangeId", n.exchangeId());
            o.put("sender", n.sender().id());
            o.put("idempotencyKey", n.idempotencyKey());
            o.set("fields", JSON.valueToTree(n.fields()));
        }
        root.set("files", JSON.valueToTree(result.files()));
        root.set("refusals", JSON.valueToTree(result.refusals()));
        root.set("rowErrors", JSON.valueToTree(result.rowErrors()));
        return root;
    }
}
