package org.bridgeway.adapters.missing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bridgeway.adapters.ssda903.FileRefusal;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.ReportedBy;

/**
 * Reads a police force's records-system export of missing-episode updates: CSV (RFC 4180, UTF-8, a header row, one
 * row per update), columns as {@link ForceExportColumn} and {@code docs/exchanges.md} describe them.
 *
 * <p>The file as a whole is refused, with a reason that never quotes it, when it is too large, not UTF-8 text, has
 * no header, a header without a required column, with an unknown or repeated column, more than {@link #MAX_ROWS}
 * rows, or when the sender is not a police force. Otherwise each row becomes a notice or row errors (row number as
 * a spreadsheet shows it, column, rule, message), by the same rules as the JSON intake; valid rows are kept
 * whatever happens to the others, including the rows before a break in the CSV itself (an unclosed quote).
 * Pure and thread-safe.
 */
public final class MissingEpisodeCsvReader {
    /** Far above a force's daily export (a few hundred rows of at most a few kilobytes). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    public static final int MAX_ROWS = 50_000;
    /** Errors listed per file; the rest are counted, so a wholly wrong file does not make a huge report. */
    public static final int MAX_LISTED_ROW_ERRORS = 1_000;

    /** Rule ids of rows; the fields' rules are those of the JSON intake. */
    public static final String ROW_COLUMNS = "csv.row.columns";
    public static final String ROW_DUPLICATE = "csv.row.duplicate";
    public static final String YES_NO = "csv.yes-no";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    /**
     * Reads one export.
     *
     * @param file        the file's name, to name it in errors
     * @param content     the file's bytes, as sent
     * @param sender      the authenticated force
     * @param now         the gateway's time, for the future-date rule
     * @param exchangeIds gives each valid row's exchange id
     */
    public MissingCsvResult read(String file, byte[] content, Organisation sender, Instant now,
                                 Supplier<String> exchangeIds) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        if (sender.type() != OrganisationType.POLICE_FORCE) {
            return MissingCsvResult.refused(file, "a force records-system export is sent by a police force");
        }
        if (content == null || content.length == 0) {
            return MissingCsvResult.refused(file, "empty file: no header row");
        }
        if (content.length > MAX_BYTES) {
            return MissingCsvResult.refused(file, "the file is larger than " + MAX_BYTES + " bytes and was not read;"
                    + " send the export in parts");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return MissingCsvResult.refused(file, "not UTF-8 text: the export must be written in UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\u0000') >= 0) {
            return MissingCsvResult.refused(file, "not a text file: it contains NUL characters");
        }
        if (text.isBlank()) {
            return MissingCsvResult.refused(file, "empty file: no header row");
        }
        return new Reading(file, sender, now, exchangeIds).read(text);
    }

    /** One file being read. */
    private static final class Reading {
        private final String file;
        private final Organisation sender;
        private final Instant now;
        private final Supplier<String> exchangeIds;
        private final List<MissingEpisodeNotice> notices = new ArrayList<>();
        private final List<RowError> errors = new ArrayList<>();
        private final Map<String, Integer> rowOfKey = new HashMap<>();
        private int errorCount;
        private int rowsRead;
        private int rowsWithErrors;

        Reading(String file, Organisation sender, Instant now, Supplier<String> exchangeIds) {
            this.file = file;
            this.sender = sender;
            this.now = now;
            this.exchangeIds = exchangeIds;
        }

        MissingCsvResult read(String text) {
            // the rows are counted before any is judged, so an oversized file costs a parse, not a validation
            List<CSVRecord> rows = new ArrayList<>();
            CSVRecord headerRecord = null;
            long lastRow = 0;
            Optional<FileRefusal> broken = Optional.empty();
            try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
                Iterator<CSVRecord> records = parser.iterator();
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    lastRow = record.getRecordNumber();
                    if (isBlank(record)) {
                        continue;
                    }
                    if (headerRecord == null) {
                        headerRecord = record;
                    } else if (rows.size() == MAX_ROWS) {
                        return MissingCsvResult.refused(file, "more than " + MAX_ROWS + " rows; send the export in"
                                + " parts");
                    } else {
                        rows.add(record);
                    }
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                // rows before the break stay read; none after it can be trusted to start where they seem to
                broken = Optional.of(new FileRefusal(file, "the CSV breaks after row " + lastRow + " (for"
                        + " example an unclosed quote); rows from there on were not read"));
            }
            if (headerRecord == null) {
                return MissingCsvResult.refused(file, broken.isPresent() ? "the header row is not valid CSV"
                        : "empty file: no header row");
            }
            Header header = header(headerRecord);
            if (header.refusal() != null) {
                return MissingCsvResult.refused(file, header.refusal());
            }
            for (CSVRecord record : rows) {
                rowsRead++;
                row((int) record.getRecordNumber(), record, header.columns(), headerRecord.size());
            }
            return result(broken);
        }

        private MissingCsvResult result(Optional<FileRefusal> refusal) {
            errors.sort(Comparator.comparingInt(RowError::row).thenComparingInt(e -> e.column() == null ? -1
                    : ForceExportColumn.valueOf(e.column()).ordinal()));
            return new MissingCsvResult(notices, errors, Math.max(0, errorCount - errors.size()), refusal, rowsRead,
                    rowsWithErrors);
        }

        private record Header(Map<ForceExportColumn, Integer> columns, String refusal) {
        }

        private static Header header(CSVRecord record) {
            Map<ForceExportColumn, Integer> columns = new EnumMap<>(ForceExportColumn.class);
            Set<String> unknown = new LinkedHashSet<>();
            Set<String> repeated = new LinkedHashSet<>();
            for (int i = 0; i < record.size(); i++) {
                String name = record.get(i);
                Optional<ForceExportColumn> column = ForceExportColumn.named(name);
                if (column.isEmpty()) {
                    unknown.add(shown(name));
                } else if (columns.putIfAbsent(column.get(), i) != null) {
                    repeated.add(column.get().name());
                }
            }
            List<String> missing = java.util.Arrays.stream(ForceExportColumn.values())
                    .filter(c -> c.required() && !columns.containsKey(c)).map(Enum::name).toList();
            List<String> problems = new ArrayList<>();
            if (!missing.isEmpty()) {
                problems.add("the header lacks the required column(s) " + String.join(", ", missing));
            }
            if (!unknown.isEmpty()) {
                problems.add("the header names column(s) that are not part of the export: "
                        + String.join(", ", unknown));
            }
            if (!repeated.isEmpty()) {
                problems.add("the header names column(s) more than once: " + String.join(", ", repeated));
            }
            return problems.isEmpty() ? new Header(columns, null)
                    : new Header(null, String.join("; ", problems) + " (see the force export columns in"
                            + " docs/exchanges.md)");
        }

        /** A header cell as a refusal may show it: a plain name, else "?" (the file could hold anything). */
        private static String shown(String name) {
            String n = name.strip();
            return n.matches("[A-Za-z_][A-Za-z0-9_ ]{0,39}") ? n : "?";
        }

        private void row(int row, CSVRecord record, Map<ForceExportColumn, Integer> columns, int width) {
            if (record.size() != width) {
                rowsWithErrors++;
                error(new RowError(file, row, null, ROW_COLUMNS, "the row has " + record.size()
                        + " values; the header has " + width));
                return;
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, List<String>> lists = new LinkedHashMap<>();
            values.put(MissingEpisodeNotice.Fields.REPORTED_BY, ReportedBy.POLICE.code());
            List<RowError> rowErrors = new ArrayList<>();
            columns.forEach((column, index) -> {
                String cell = record.get(index);
                if (cell.isBlank()) {
                    return; // an empty cell is a field not given
                }
                if (column.list()) {
                    lists.put(column.field(), java.util.Arrays.stream(cell.split(ForceExportColumn.LIST_SEPARATOR, -1))
                            .map(String::strip).toList());
                } else if (column.yesNo()) {
                    switch (cell.strip().toUpperCase(Locale.ROOT)) {
                        case "Y" -> values.put(column.field(), "true");
                        case "N" -> values.put(column.field(), "false");
                        default -> rowErrors.add(new RowError(file, row, column.name(), YES_NO, "must be Y or N"));
                    }
                } else {
                    values.put(column.field(), cell);
                }
            });
            MissingReadResult<MissingEpisodeNotice> result = MissingEpisodeValidator.validate(
                    new MissingDraft(values, lists), sender, now, rowErrors.isEmpty() ? exchangeIds : () -> "x");
            if (result instanceof MissingReadResult.Refused<MissingEpisodeNotice> refused) {
                Set<String> badYesNo = rowErrors.stream().map(RowError::column).collect(Collectors.toSet());
                for (FieldViolation v : refused.violations()) {
                    Optional<ForceExportColumn> column = ForceExportColumn.ofField(v.field());
                    // a Y/N cell that was neither is reported once, not also as missing
                    if (column.isEmpty() || !badYesNo.contains(column.get().name())) {
                        rowErrors.add(new RowError(file, row, column.map(Enum::name).orElse(null), v.rule(),
                                v.message()));
                    }
                }
            } else if (rowErrors.isEmpty()) {
                MissingEpisodeNotice notice = ((MissingReadResult.Accepted<MissingEpisodeNotice>) result).notice();
                Integer first = rowOfKey.putIfAbsent(notice.idempotencyKey(), row);
                if (first == null) {
                    notices.add(notice);
                } else {
                    rowErrors.add(new RowError(file, row, null, ROW_DUPLICATE, "the same update of the same episode"
                            + " (same update and date-time) as row " + first));
                }
            }
            if (!rowErrors.isEmpty()) {
                rowsWithErrors++;
                rowErrors.forEach(this::error);
            }
        }

        private void error(RowError e) {
            if (++errorCount <= MAX_LISTED_ROW_ERRORS) {
                errors.add(e);
            }
        }

        private static boolean isBlank(CSVRecord r) {
            return r.stream().allMatch(String::isBlank);
        }
    }
}
