package org.bridgeway.adapters.ssda903;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bridgeway.adapters.Digests;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.FreeText;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PlacementChange;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PlacementNotice.Sex;
import org.bridgeway.model.Postcode;
import org.bridgeway.model.Upn;
import org.bridgeway.reference.DistrictLookup;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * Translates the CSV files of one SSDA903 (children looked after) return into placement notices.
 *
 * <p>Each file is recognised by its header row ({@link Ssda903Table}). The header table gives the children,
 * the episodes table their episodes. An episode becomes a {@link PlacementNotice} when it starts a placement
 * (RNE S, P, T, B or U; L is a change of legal status only) and the placement authority, derived from the
 * PL_POST district through {@link ReferenceData#lookup(Postcode)}, is not the responsible authority. Other
 * valid episodes are counted as not notifiable.
 *
 * <p>A child's episodes, in order, also tell of changes and ends of the placements notified (issue 19; CPPCR
 * Regulations 2010 reg 14). An episode that starts a placement the day the one before it ended (REC X1) changes
 * the notified placement: a new carer or address in the same area ({@code NEW_CARER_OR_ADDRESS}, instead of a start),
 * or a move ({@code MOVED_AREA}, to those told of the old placement; the new placement, when out of area, is also a
 * start for its own area). An episode ending with another REC ends the notified placement ({@code ENDED}, with the
 * episode's DEC and REC). A change of legal status only (RNE L) keeps the placement. The starts come first in the
 * result, then the changes and ends in each child's order, since each of those needs the one before it carried.
 *
 * <p>A file that cannot be used at all is refused whole ({@link FileRefusal}); a bad row gets one
 * {@link RowError} per problem and is left out, and the good rows of the same file go on. Row numbers are as a
 * spreadsheet shows them: the header line is row 1, the first data row is row 2. No error message or refusal
 * repeats a rejected value (dates of birth, postcodes, UPNs, ...); they name the column and the rule.
 *
 * <p>Pure: no I/O, no clock, no randomness; exchange ids come from the supplier, one per notice, in order.
 * Thread-safe: instances hold only the reference data.
 */
public final class Ssda903Translator {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
    /** Row errors listed per file; beyond this they are counted in the file's summary. */
    public static final int MAX_LISTED_ROW_ERRORS = 1_000;
    private static final Pattern DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final Pattern URN = Pattern.compile("SC\\d{6,7}|XXXXXXX");
    private static final Set<String> KNOWN_COLUMNS = knownColumns();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    /** A looked-after child is under 18: an episode cannot start on or after the 18th birthday. */
    private static final int ADULT = 18;
    /** The protocol's risk a return's Missing table shows. */
    private static final String MISSING_HISTORY = "MISSING_HISTORY";
    /** REC X1: the episode ceased and a new one began the same day; care goes on. */
    private static final String CONTINUES = "X1";
    /** As child.localId in the placement JSON schema. */
    private static final int MAX_IDENTIFIER_LENGTH = 50;

    private final ReferenceData reference;

    public Ssda903Translator(ReferenceData reference) {
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /**
     * Translates one return.
     *
     * @param files                the CSV files of the return, in any order; names are used only in reports
     * @param responsibleAuthority the local authority that looks after the children and sends the notices
     * @param period               the return's collection year and today: no episode date may be after either
     * @param exchangeIds          gives the exchange id of each notice; called once per notice
     */
    public Ssda903Result translate(List<Ssda903File> files, Organisation responsibleAuthority, ReturnPeriod period,
                                   Supplier<String> exchangeIds) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(responsibleAuthority, "responsibleAuthority");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        if (responsibleAuthority.type() != OrganisationType.LOCAL_AUTHORITY) {
            throw new IllegalArgumentException("the responsible authority must be a local authority, not "
                    + responsibleAuthority.id());
        }
        return new Run(files, responsibleAuthority, period, exchangeIds).translate();
    }

    /** One translation: the state of a single return. */
    private final class Run {
        private final List<Ssda903File> files;
        private final Organisation responsible;
        private final ReturnPeriod period;
        private final Supplier<String> exchangeIds;

        private final List<Indexed<FileRefusal>> refusals = new ArrayList<>();
        private final List<Indexed<RowError>> rowErrors = new ArrayList<>();
        /**
         * Row errors per file index; those past the listing limit are counted, not kept (a hostile file cannot
         * exhaust memory).
         */
        private final Map<Integer, Integer> rowErrorCounts = new HashMap<>();
        private final Map<Integer, FileSummary> summaries = new HashMap<>();
        private final List<PlacementNotice> notices = new ArrayList<>();
        private int notNotifiable;

        private final List<Ssda903MissingEpisode> missing = new ArrayList<>();
        /** The Missing table's row errors: reported in the reconciliation, not with the placement rows. */
        private final List<RowError> missingRowErrors = new ArrayList<>();
        private boolean missingRead;
        /** The children with an episode in the Missing table, once the episodes' notices are issued. */
        private Set<String> childrenMissing;

        private final Map<String, ChildRow> children = new HashMap<>();
        /** CHILD ids whose header row had errors, with that row's number. */
        private final Map<String, Integer> badChildren = new HashMap<>();
        private String headerFileName;

        Run(List<Ssda903File> files, Organisation responsible, ReturnPeriod period, Supplier<String> exchangeIds) {
            this.files = files;
            this.responsible = responsible;
            this.period = period;
            this.exchangeIds = exchangeIds;
        }

        Ssda903Result translate() {
            List<Opened> opened = new ArrayList<>();
            Opened header = null;
            Opened episodes = null;
            for (int i = 0; i < files.size(); i++) {
                Opened o = open(i, Objects.requireNonNull(files.get(i), "file"));
                if (o == null) {
                    continue;
                }
                if (o.table == Ssda903Table.HEADER) {
                    if (header != null) {
                        refuse(i, "a second header table in the same return (the first is " + header.file.name()
                                + "); only one is read");
                        continue;
                    }
                    header = o;
                } else if (o.table == Ssda903Table.EPISODES) {
                    if (episodes != null) {
                        refuse(i, "a second episodes table in the same return (the first is "
                                + episodes.file.name() + "); only one is read");
                        continue;
                    }
                    episodes = o;
                }
                opened.add(o);
            }
            if (episodes != null && header == null) {
                refuse(episodes.index, "an episodes table without a header table in the same return: the children"
                        + " of its episodes cannot be resolved");
                opened.remove(episodes);
                episodes = null;
            }
            if (header != null) {
                readHeader(header);
            }
            // before the episodes: a child with a missing episode in the return has a history of going missing
            Opened missingTable = opened.stream().filter(o -> o.table == Ssda903Table.MISSING).findFirst()
                    .orElse(null);
            if (missingTable != null) {
                readMissing(missingTable);
            }
            if (episodes != null) {
                readEpisodes(episodes);
            }
            for (Opened o : opened) {
                if (o != missingTable && o.table != Ssda903Table.HEADER && o.table != Ssda903Table.EPISODES) {
                    Counts counts = new Counts();
                    forEachRow(o, (row, record) -> counts.read++);
                    summaries.put(o.index, new FileSummary(o.file.name(), o.table.slug(), counts.read, 0,
                            "recognised SSDA903 " + o.table.slug() + " table; not used for placement notices"));
                }
            }
            rowErrors.sort(Comparator.comparingInt((Indexed<RowError> e) -> e.index).thenComparingInt(e -> e.value.row()));
            refusals.sort(Comparator.comparingInt(r -> r.index));
            return new Ssda903Result(notices,
                    rowErrors.stream().map(e -> e.value).toList(),
                    refusals.stream().map(r -> r.value).toList(),
                    summaries.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList(),
                    notNotifiable,
                    missingRead ? new Ssda903MissingTable(true, missing, missingRowErrors) : Ssda903MissingTable.ABSENT);
        }

        /** Keeps the first {@link #MAX_LISTED_ROW_ERRORS} errors of a file; counts the rest. */
        private void addRowError(int fileIndex, RowError error) {
            if (rowErrorCounts.merge(fileIndex, 1, Integer::sum) <= MAX_LISTED_ROW_ERRORS) {
                rowErrors.add(new Indexed<>(fileIndex, error));
            }
        }

        /** The summary's note, with the count of row errors past the listing limit, if any. */
        private String noteWithUnlisted(int fileIndex, String note) {
            int more = Math.max(0, rowErrorCounts.getOrDefault(fileIndex, 0) - MAX_LISTED_ROW_ERRORS);
            if (more == 0) {
                return note;
            }
            String tail = more + " further row error(s) not listed (only the first " + MAX_LISTED_ROW_ERRORS
                    + " of a file are)";
            return note == null || note.isEmpty() ? tail : note + "; " + tail;
        }

        // ---------------------------------------------------------------- files

        /** Checks a file and recognises its table; refuses it and returns null when it cannot be used. */
        private Opened open(int index, Ssda903File file) {
            String text = file.content();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.indexOf('\u0000') >= 0 || text.indexOf('\uFFFD') >= 0) {
                refuse(index, "not a text file: it contains NUL bytes or characters that are not valid UTF-8"
                        + " (a binary file, or text in another encoding)");
                return null;
            }
            if (text.isBlank()) {
                refuse(index, "empty file: no header row");
                return null;
            }
            List<String> names;
            try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
                names = null;
                for (CSVRecord r : parser) {
                    if (!isBlank(r)) {
                        names = r.toList();
                        break;
                    }
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                refuse(index, "the header row is not valid CSV (for example an unclosed quote)");
                return null;
            }
            if (names == null) {
                refuse(index, "empty file: no header row");
                return null;
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            Set<String> duplicates = new LinkedHashSet<>();
            for (int c = 0; c < names.size(); c++) {
                String name = names.get(c).trim().toUpperCase(Locale.ROOT);
                if (!name.isEmpty() && columns.putIfAbsent(name, c) != null) {
                    duplicates.add(name);
                }
            }
            Ssda903Table table = recognise(columns.keySet());
            if (table == null) {
                refuse(index, notSsda903(columns.keySet()));
                return null;
            }
            List<String> repeated = table.columns().stream().filter(duplicates::contains).toList();
            if (!repeated.isEmpty()) {
                refuse(index, "SSDA903 " + table.slug() + " table with a column named more than once: "
                        + String.join(", ", repeated));
                return null;
            }
            return new Opened(index, file, text, table, columns, names.size());
        }

        private void refuse(int index, String reason) {
            refusals.add(new Indexed<>(index, new FileRefusal(files.get(index).name(), reason)));
        }

        // ---------------------------------------------------------------- header table

        private void readHeader(Opened o) {
            headerFileName = o.file.name();
            Counts counts = new Counts();
            forEachRow(o, (row, record) -> {
                counts.read++;
                Row r = new Row(o, row, record);
                if (r.ragged()) {
                    String child = r.rawChild();
                    if (!child.isEmpty() && !children.containsKey(child)) {
                        badChildren.putIfAbsent(child, row);
                    }
                    counts.bad++;
                    return;
                }
                String child = r.identifier("CHILD");
                String sexCode = r.code("SEX", Ssda903Codes.SEX, true, "SEX must be 1 (male) or 2 (female)");
                Sex sex = sexCode == null ? null : Sex.fromSsda903(sexCode);
                LocalDate dob = r.date("DOB", true);
                String ethnic = r.code("ETHNIC", Ssda903Codes.ETHNIC, true,
                        "ETHNIC must be one of the SSDA903 ethnicity codes: " + String.join(", ", Ssda903Codes.ETHNIC));
                Upn upn = null;
                try {
                    String text = r.value("UPN");
                    upn = Upn.parse(text.isEmpty() ? null : text);
                } catch (InvalidValueException e) {
                    r.error("UPN", e.rule(), e.getMessage());
                }
                r.code("MOTHER", Ssda903Codes.MOTHER, false, "MOTHER must be 1 (the child is a mother), 0 or blank");
                r.date("MC_DOB", false);
                if (child != null && (children.containsKey(child) || badChildren.containsKey(child))) {
                    int first = children.containsKey(child) ? children.get(child).row : badChildren.get(child);
                    r.error("CHILD", "ssda903.child.duplicate",
                            "CHILD already has a header row (row " + first + "); each child has one header row");
                }
                if (r.hasErrors()) {
                    counts.bad++;
                    if (child != null) {
                        badChildren.putIfAbsent(child, row);
                    }
                    return;
                }
                children.put(child, new ChildRow(row, child, sex, dob, ethnic, upn));
            });
            summaries.put(o.index, new FileSummary(o.file.name(), o.table.slug(), counts.read, counts.bad,
                    noteWithUnlisted(o.index, "")));
        }

        // ---------------------------------------------------------------- missing table

        /**
         * Reads the valid episodes of the (first) Missing table for the reconciliation; its rows make no notice, so
         * its summary and counts are as for any table left aside, and its row errors are kept apart.
         */
        private void readMissing(Opened o) {
            missingRead = true;
            Counts counts = new Counts();
            forEachRow(o, (row, record) -> {
                counts.read++;
                Row r = new Row(o, row, record, this::addMissingRowError);
                if (r.ragged()) {
                    return;
                }
                String child = r.identifier("CHILD");
                LocalDate dob = r.date("DOB", true);
                String type = r.code("MISSING", Ssda903Codes.MISSING, true,
                        "MISSING must be M (missing) or A (away from placement without authorisation)");
                LocalDate start = r.date("MIS_START", true);
                LocalDate end = r.date("MIS_END", false);
                r.notLater("MIS_START", start);
                r.notLater("MIS_END", end);
                if (start != null && end != null && end.isBefore(start)) {
                    r.error("MIS_END", "ssda903.mis_end.before-mis_start", "MIS_END is before MIS_START");
                }
                if (dob != null && start != null && start.isBefore(dob)) {
                    r.error("MIS_START", "ssda903.mis_start.before-dob", "MIS_START is before the child's DOB");
                }
                if (!r.hasErrors()) {
                    missing.add(new Ssda903MissingEpisode(row, child, dob, type, start, Optional.ofNullable(end)));
                }
            });
            summaries.put(o.index, new FileSummary(o.file.name(), o.table.slug(), counts.read, 0,
                    "recognised SSDA903 " + o.table.slug() + " table; not used for placement notices"));
        }

        private void addMissingRowError(RowError error) {
            if (missingRowErrors.size() < MAX_LISTED_ROW_ERRORS) {
                missingRowErrors.add(error);
            }
        }

        // ---------------------------------------------------------------- episodes table

        /**
         * Reads every episode row first, then checks the episodes of each child against one another (they must not
         * overlap), and only then issues the notices of the rows without errors, in file order.
         */
        private void readEpisodes(Opened o) {
            Counts counts = new Counts();
            List<Episode> episodes = new ArrayList<>();
            forEachRow(o, (row, record) -> {
                counts.read++;
                Row r = new Row(o, row, record);
                if (r.ragged()) {
                    counts.bad++;
                    return;
                }
                Episode e = readEpisode(r);
                if (r.hasErrors()) {
                    counts.bad++;
                    e.bad = true;
                }
                episodes.add(e);
            });
            counts.bad += checkOverlaps(o, episodes);
            List<PendingNotice> changesAndEnds = new ArrayList<>();
            followPlacements(episodes, changesAndEnds);
            for (Episode e : episodes) {
                if (e.bad) {
                    continue;
                }
                if (e.notice != null) {
                    notices.add(e.notice.issue(exchangeIds.get(), responsible, risksShown(e.child)));
                } else if (!e.tellsChangeOrEnd) {
                    notNotifiable++;
                }
            }
            changesAndEnds.forEach(n -> notices.add(n.issue(exchangeIds.get(), responsible,
                    risksShown(n.child().localId()))));
            summaries.put(o.index, new FileSummary(o.file.name(), o.table.slug(), counts.read, counts.bad,
                    noteWithUnlisted(o.index, "")));
        }

        /** One episode row's rules on its own; its notice, when it has one, is prepared but not yet issued. */
        private Episode readEpisode(Row r) {
            ChildRow child = null;
            String childId = r.identifier("CHILD");
            if (childId != null) {
                child = children.get(childId);
                if (child == null && badChildren.containsKey(childId)) {
                    r.error("CHILD", "episodes.child-header-invalid", "the header row of this CHILD (" + headerFileName
                            + " row " + badChildren.get(childId) + ") has errors, so its episodes cannot be used");
                } else if (child == null) {
                    r.error("CHILD", "episodes.child-unknown",
                            "CHILD is not in the header table (" + headerFileName + ")");
                }
            }
            LocalDate decom = r.date("DECOM", true);
            String rne = r.code("RNE", Ssda903Codes.RNE, true,
                    "RNE must be one of " + String.join(", ", Ssda903Codes.RNE));
            String ls = r.code("LS", Ssda903Codes.LS, true,
                    "LS must be one of " + String.join(", ", Ssda903Codes.LS));
            String cin = r.code("CIN", Ssda903Codes.CIN, true, "CIN must be one of N1 to N8");
            String place = r.code("PLACE", Ssda903Codes.PLACE, true,
                    "PLACE must be one of " + String.join(", ", Ssda903Codes.PLACE));
            String provider = r.code("PLACE_PROVIDER", Ssda903Codes.PLACE_PROVIDER, false,
                    "PLACE_PROVIDER must be one of PR0 to PR5, or blank");
            LocalDate dec = r.date("DEC", false);
            if (dec != null && decom != null && dec.isBefore(decom)) {
                r.error("DEC", "ssda903.dec.before-decom", "DEC (episode end) is before DECOM (episode start)");
            }
            r.notLater("DECOM", decom);
            r.notLater("DEC", dec);
            String rec = r.code("REC", Ssda903Codes.REC, false,
                    "REC must be one of " + String.join(", ", Ssda903Codes.REC) + ", or blank");
            String reasonForChange = r.code("REASON_PLACE_CHANGE", Ssda903Codes.REASON_PLACE_CHANGE, false,
                    "REASON_PLACE_CHANGE must be one of " + String.join(", ", Ssda903Codes.REASON_PLACE_CHANGE)
                            + ", or blank");
            Postcode home = r.postcode("HOME_POST", false);
            Postcode placementPostcode = r.postcode("PL_POST", true);
            String urn = r.value("URN").toUpperCase(Locale.ROOT);
            if (!urn.isEmpty() && !URN.matcher(urn).matches()) {
                r.error("URN", "ssda903.urn.format", "URN must be SC followed by 6 or 7 digits, XXXXXXX, or blank");
            }
            if (child != null && decom != null && decom.isBefore(child.dob)) {
                r.error("DECOM", "ssda903.decom.before-dob", "DECOM is before the child's DOB ("
                        + headerFileName + " row " + child.row + ")");
            } else if (child != null && decom != null && Period.between(child.dob, decom).getYears() >= ADULT) {
                r.error("DECOM", "ssda903.decom.age-18-or-over", "the child is " + ADULT + " or over at DECOM (DOB in "
                        + headerFileName + " row " + child.row + "); an episode of care starts before the 18th"
                        + " birthday");
            }
            boolean startsPlacement = rne != null && Ssda903Codes.RNE_STARTS_PLACEMENT.contains(rne);
            LocalAuthority placementAuthority = null;
            if (startsPlacement && placementPostcode != null) {
                placementAuthority = placementAuthority(r, placementPostcode);
            }
            if (r.hasErrors()) {
                return new Episode(r.row, null, decom, dec);
            }
            Episode episode = new Episode(r.row, child.id, decom, dec);
            episode.rec = rec;
            if (!startsPlacement) {
                return episode; // valid, but needs no notice: the placement goes on
            }
            episode.childDetails = new PlacementNotice.Child(child.id, Optional.empty(),
                    child.upn.isPlaceholder() ? Optional.empty() : Optional.of(child.upn),
                    Optional.empty(), Optional.empty(), child.sex, child.dob, Optional.of(child.ethnic),
                    Optional.ofNullable(home));
            episode.placement = new PlacementNotice.Placement(decom, rne, ls, Optional.of(cin), place,
                    Optional.ofNullable(provider), placementPostcode, placementAuthority.organisation(),
                    urn.startsWith("SC") ? Optional.of(urn) : Optional.empty(),
                    Optional.ofNullable(reasonForChange));
            if (episode.outOfArea(responsible)) {
                episode.notice = new PendingNotice(idempotencyKey(responsible, child.id, decom, placementPostcode),
                        episode.childDetails, episode.placement, PlacementNotice.Lifecycle.STARTED);
            }
            return episode;
        }

        /**
         * The protocol's risks the return itself shows for a child: {@code MISSING_HISTORY} when its Missing table
         * has an episode of the child (the ADCS / College of Policing protocol's "history of going missing"). A
         * return has no column for the others; a case system that knows them sends them through the JSON API.
         */
        private List<String> risksShown(String child) {
            if (childrenMissing == null) {
                childrenMissing = missing.stream().map(Ssda903MissingEpisode::child).collect(Collectors.toSet());
            }
            return childrenMissing.contains(child) ? List.of(MISSING_HISTORY) : List.of();
        }

        /**
         * Follows each child's valid episodes in order and derives the changes and ends of the placements notified,
         * in each child's order (children in the order of their first episode). A change in the same area replaces
         * the start its episode would otherwise make: those told of the placement are told of the change.
         */
        private void followPlacements(List<Episode> episodes, List<PendingNotice> changesAndEnds) {
            Map<String, List<Episode>> byChild = new LinkedHashMap<>();
            for (Episode e : episodes) {
                if (!e.bad) {
                    byChild.computeIfAbsent(e.child, k -> new ArrayList<>()).add(e);
                }
            }
            for (List<Episode> ofChild : byChild.values()) {
                ofChild.sort(Episode.IN_ORDER);
                Episode notified = null; // the episode that began the placement the area was told of, if any
                Episode before = null;
                for (Episode e : ofChild) {
                    boolean follows = before != null && e.start.equals(before.end);
                    if (e.placement != null) {
                        if (follows && notified != null) {
                            boolean sameArea = e.outOfArea(responsible)
                                    && e.placement.localAuthority().equals(notified.placement.localAuthority());
                            PlacementChange change = sameArea ? PlacementChange.NEW_CARER_OR_ADDRESS
                                    : PlacementChange.MOVED_AREA;
                            changesAndEnds.add(new PendingNotice(idempotencyKey("ssda903-placement-change",
                                    responsible, e.child, e.start, e.placement.postcode().value()), e.childDetails,
                                    e.placement, PlacementNotice.Lifecycle.changed(change, Optional.of(before.end),
                                    sameArea ? Optional.empty()
                                            : Optional.of(notified.placement.localAuthority()))));
                            e.tellsChangeOrEnd = true;
                            if (sameArea) {
                                e.notice = null; // the change tells it, to those told of the start
                            }
                        }
                        notified = e.outOfArea(responsible) ? e : null;
                    }
                    if (notified != null && e.end != null && e.rec != null && !CONTINUES.equals(e.rec)) {
                        changesAndEnds.add(new PendingNotice(idempotencyKey("ssda903-placement-end", responsible,
                                e.child, notified.start, e.end.toString()), notified.childDetails,
                                notified.placement, PlacementNotice.Lifecycle.ended(e.end, e.rec)));
                        e.tellsChangeOrEnd = true;
                        notified = null;
                    }
                    before = e;
                }
            }
        }

        /**
         * Episodes of one child must not overlap: each starts on or after the day the one before it ends, and only
         * the last may be open (no DEC). Both rows of an overlapping pair get an error naming the other, since
         * either may be the wrong one. Rows with errors of their own are already left out and are not compared.
         *
         * @return the number of rows that had no error before this check and have one now
         */
        private int checkOverlaps(Opened o, List<Episode> episodes) {
            Map<String, List<Episode>> byChild = new HashMap<>();
            for (Episode e : episodes) {
                if (e.child != null) {
                    byChild.computeIfAbsent(e.child, k -> new ArrayList<>()).add(e);
                }
            }
            Map<Episode, Episode> overlapping = new LinkedHashMap<>();
            for (List<Episode> ofChild : byChild.values()) {
                ofChild.sort(Episode.IN_ORDER);
                Episode latest = null; // the episode that ends last of those seen so far
                for (Episode e : ofChild) {
                    if (latest != null && e.start.isBefore(latest.endOrMax())) {
                        overlapping.putIfAbsent(e, latest);
                        overlapping.putIfAbsent(latest, e);
                    }
                    if (latest == null || e.endOrMax().isAfter(latest.endOrMax())) {
                        latest = e;
                    }
                }
            }
            int newlyBad = 0;
            for (Map.Entry<Episode, Episode> pair : overlapping.entrySet()) {
                Episode e = pair.getKey();
                addRowError(o.index, new RowError(o.file.name(), e.row, "DECOM", "ssda903.decom.overlap",
                        "the episode overlaps the same CHILD's episode at row " + pair.getValue().row
                                + "; a child's episodes must not overlap (each starts on or after the day the one"
                                + " before ends, and only the last may have no DEC)"));
                if (!e.bad) {
                    e.bad = true;
                    newlyBad++;
                }
            }
            return newlyBad;
        }

        /** PL_LA: the authority of the PL_POST district, or an error on the row. */
        private LocalAuthority placementAuthority(Row r, Postcode postcode) {
            DistrictLookup lookup = reference.lookup(postcode);
            if (lookup instanceof DistrictLookup.Found found) {
                return found.authority();
            }
            if (lookup instanceof DistrictLookup.SpansAuthorities spans) {
                r.error("PL_POST", "ssda903.pl_post.district-spans-authorities",
                        "the PL_POST district lies in several local authorities ("
                                + spans.authorities().stream().map(la -> la.name() + " " + la.dfeCode())
                                .collect(Collectors.joining(", "))
                                + "); the placement authority cannot be derived from the district");
                return null;
            }
            DistrictLookup.Unknown unknown = (DistrictLookup.Unknown) lookup;
            r.error("PL_POST", "ssda903.pl_post.district-unknown", "postcode district " + unknown.district()
                    + " is not in the reference data (outside England, or not covered); the placement authority"
                    + " cannot be derived");
            return null;
        }

        // ---------------------------------------------------------------- rows

        /** Calls the handler for every non-blank data row; a CSV syntax error ends the file with a row error. */
        private void forEachRow(Opened o, RowHandler handler) {
            try (CSVParser parser = FORMAT.parse(new StringReader(o.text))) {
                Iterator<CSVRecord> records = parser.iterator();
                boolean headerSeen = false;
                int lastRow = 0;
                while (true) {
                    CSVRecord record;
                    try {
                        if (!records.hasNext()) {
                            break;
                        }
                        record = records.next();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        addRowError(o.index, new RowError(o.file.name(), lastRow + 1, null,
                                "ssda903.row.csv-syntax", "the CSV cannot be read from this row on (for example an"
                                + " unclosed quote); the rest of the file was not read"));
                        break;
                    }
                    lastRow = Math.toIntExact(record.getRecordNumber());
                    if (isBlank(record)) {
                        continue;
                    }
                    if (!headerSeen) {
                        headerSeen = true;
                        continue;
                    }
                    handler.row(lastRow, record);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One data row being validated; collects its errors. */
        private final class Row {
            private final Opened file;
            private final int row;
            private final CSVRecord record;
            private final Consumer<RowError> sink;
            private boolean errors;

            Row(Opened file, int row, CSVRecord record) {
                this(file, row, record, e -> addRowError(file.index, e));
            }

            /** A row whose errors go to {@code sink} rather than the return's placement row errors. */
            Row(Opened file, int row, CSVRecord record, Consumer<RowError> sink) {
                this.file = file;
                this.row = row;
                this.record = record;
                this.sink = sink;
            }

            /** Reports a row whose number of values differs from the header's; true if so. */
            boolean ragged() {
                if (record.size() == file.width) {
                    return false;
                }
                error(null, "ssda903.row.column-count", "row has " + record.size()
                        + (record.size() == 1 ? " value" : " values") + " but the header row has " + file.width
                        + " columns; the row was not read");
                return true;
            }

            /** The CHILD value of a ragged row, when the row reaches that far; "" otherwise. */
            String rawChild() {
                int c = file.columns.get("CHILD");
                return c < record.size() ? record.get(c).trim() : "";
            }

            String value(String column) {
                return record.get(file.columns.get(column)).trim();
            }

            boolean hasErrors() {
                return errors;
            }

            void error(String column, String rule, String message) {
                errors = true;
                sink.accept(new RowError(file.file.name(), row, column, rule, message));
            }

            String required(String column) {
                String v = value(column);
                if (v.isEmpty()) {
                    error(column, rule(column, "missing"), column + " is missing");
                    return null;
                }
                return v;
            }

            /**
             * A required identifier that reaches notices (CHILD becomes child.localId): free text, so it must pass
             * {@link FreeText}; null when blank or refused (an error is recorded).
             */
            String identifier(String column) {
                String v = required(column);
                if (v == null) {
                    return null;
                }
                List<FieldViolation> violations = FreeText.check(column, v, MAX_IDENTIFIER_LENGTH);
                violations.forEach(x -> error(column, x.rule(), column + " " + x.message()));
                return violations.isEmpty() ? v : null;
            }

            /** An episode date after the return's collection year, or after today, is an error. */
            void notLater(String column, LocalDate date) {
                if (date == null) {
                    return;
                }
                if (date.isAfter(period.collectionYearEnd())) {
                    error(column, rule(column, "after-collection-year"), column + " is after the end of the"
                            + " return's collection year (" + DAY.format(period.collectionYearEnd()) + ")");
                } else if (date.isAfter(period.today())) {
                    error(column, rule(column, "future"), column + " is in the future");
                }
            }

            /** An upper-cased code from the list, or null (blank, or wrong: an error is recorded). */
            String code(String column, List<String> allowed, boolean required, String message) {
                String v = required ? required(column) : value(column);
                if (v == null || v.isEmpty()) {
                    return null;
                }
                v = v.toUpperCase(Locale.ROOT);
                if (!allowed.contains(v)) {
                    error(column, rule(column, "code"), message);
                    return null;
                }
                return v;
            }

            /** A dd/mm/yyyy date, or null (blank, or wrong: an error is recorded). */
            LocalDate date(String column, boolean required) {
                String v = required ? required(column) : value(column);
                if (v == null || v.isEmpty()) {
                    return null;
                }
                Matcher m = DATE.matcher(v);
                if (!m.matches()) {
                    error(column, rule(column, "format"), column + " must be a date written dd/mm/yyyy");
                    return null;
                }
                try {
                    return LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(1)));
                } catch (DateTimeException e) {
                    error(column, rule(column, "not-a-date"), column + " is not a real calendar date");
                    return null;
                }
            }

            /** A postcode, or null (blank, or wrong: an error is recorded with the postcode rule). */
            Postcode postcode(String column, boolean required) {
                String v = required ? required(column) : value(column);
                if (v == null || v.isEmpty()) {
                    return null;
                }
                try {
                    return Postcode.parse(v);
                } catch (InvalidValueException e) {
                    error(column, e.rule(), column + ": " + e.getMessage());
                    return null;
                }
            }
        }
    }

    // -------------------------------------------------------------------- helpers

    /**
     * A stable key for one episode of one responsible authority: SHA-256 over the authority's DfE code, CHILD,
     * DECOM and the normalised PL_POST, as "ssda903:" and 64 hex digits. The same episode sent again gets the
     * same key. The key is pseudonymous (it contains no personal data), not anonymous: someone who already
     * knows all four values can recompute it.
     */
    static String idempotencyKey(Organisation responsible, String child, LocalDate decom, Postcode placement) {
        String material = String.join("\u0000", "ssda903-placement", responsible.code(), child, decom.toString(),
                placement.value());
        return "ssda903:" + Digests.sha256(material);
    }

    /**
     * The key of a change or end derived from a child's episodes: SHA-256 over its kind, the authority's DfE code,
     * CHILD, the date it names and one more value (the new placement's postcode; the end date), as "ssda903:" and 64
     * hex digits. Pseudonymous, as {@link #idempotencyKey(Organisation, String, LocalDate, Postcode)}.
     */
    static String idempotencyKey(String kind, Organisation responsible, String child, LocalDate date, String more) {
        return "ssda903:" + Digests.sha256(String.join("\u0000", kind, responsible.code(), child, date.toString(),
                more));
    }

    /** The table whose columns are all present (the largest if several), or null. */
    static Ssda903Table recognise(Set<String> present) {
        Ssda903Table best = null;
        for (Ssda903Table t : Ssda903Table.values()) {
            if (t.missingFrom(present).isEmpty() && (best == null || t.columns().size() > best.columns().size())) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Why a header row is no SSDA903 table. Names only the columns that are SSDA903 column names: a file without
     * a header row has data in its first line, which must not be echoed.
     */
    static String notSsda903(Set<String> present) {
        List<String> known = present.stream().filter(KNOWN_COLUMNS::contains).toList();
        int others = present.size() - known.size();
        if (known.isEmpty()) {
            return "not an SSDA903 table: none of its " + present.size() + " column names is an SSDA903 column"
                    + " name (names not shown: a file without a header row would show data)";
        }
        Ssda903Table closest = null;
        long closestHits = -1;
        for (Ssda903Table t : Ssda903Table.values()) {
            long hits = t.columns().stream().filter(present::contains).count();
            if (hits > closestHits || (hits == closestHits
                    && t.missingFrom(present).size() < closest.missingFrom(present).size())) {
                closest = t;
                closestHits = hits;
            }
        }
        return "not an SSDA903 table: no known table has columns " + String.join(", ", known)
                + (others == 0 ? "" : " and " + others + " other column" + (others == 1 ? "" : "s")
                + " (not named)")
                + "; closest is " + closest.slug() + ", missing " + String.join(", ", closest.missingFrom(present));
    }

    private static Set<String> knownColumns() {
        Set<String> all = new LinkedHashSet<>();
        for (Ssda903Table t : Ssda903Table.values()) {
            all.addAll(t.columns());
        }
        return all;
    }

    private static String rule(String column, String what) {
        return "ssda903." + column.toLowerCase(Locale.ROOT) + "." + what;
    }

    private static boolean isBlank(CSVRecord record) {
        for (String v : record) {
            if (!v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private interface RowHandler {
        void row(int row, CSVRecord record);
    }

    private static final class Counts {
        int read;
        int bad;
    }

    private record Indexed<T>(int index, T value) {
    }

    /** A file recognised as a table: its text without BOM, its columns (upper-case name to index). */
    private record Opened(int index, Ssda903File file, String text, Ssda903Table table, Map<String, Integer> columns,
                          int width) {
    }

    /** A valid header row. */
    private record ChildRow(int row, String id, Sex sex, LocalDate dob, String ethnic, Upn upn) {
    }

    /**
     * One episode row as read. {@code child} is set only when the row has no error of its own, so that it can be
     * compared with the child's other episodes; {@code notice} only when the row, on its own, makes a notice.
     * Identity is the row: two rows are never the same episode.
     */
    private static final class Episode {
        /**
         * A child's episodes in the order they happened, the same whatever the order of the file's rows: by start, a
         * same-day episode that ended that day (X1) before the one that followed it, then by row.
         */
        static final Comparator<Episode> IN_ORDER = Comparator.comparing((Episode e) -> e.start)
                .thenComparing(Episode::endOrMax).thenComparingInt(e -> e.row);

        final int row;
        final String child;
        final LocalDate start;
        final LocalDate end;
        boolean bad;
        PendingNotice notice;
        /** REC, when the episode ended. */
        String rec;
        /** Set when the episode starts a placement and has no error. */
        PlacementNotice.Placement placement;
        PlacementNotice.Child childDetails;
        /** The episode changes or ends a notified placement: it needs a notice, if not a start. */
        boolean tellsChangeOrEnd;

        Episode(int row, String child, LocalDate start, LocalDate end) {
            this.row = row;
            this.child = child;
            this.start = start;
            this.end = end;
        }

        /** A placement outside the responsible authority's area: its start is notified. */
        boolean outOfArea(Organisation responsible) {
            return placement != null && !placement.localAuthority().equals(responsible);
        }

        /** An open episode (no DEC) lasts for ever: any later start overlaps it. */
        LocalDate endOrMax() {
            return end == null ? LocalDate.MAX : end;
        }
    }

    /** A notice ready but for its exchange id, which is taken only once the whole file has been checked. */
    private record PendingNotice(String idempotencyKey, PlacementNotice.Child child,
                                 PlacementNotice.Placement placement, PlacementNotice.Lifecycle lifecycle) {
        PlacementNotice issue(String exchangeId, Organisation sender, List<String> risks) {
            // the return has no emergency flag: its notices are measured as planned (docs/exchanges.md)
            return new PlacementNotice(exchangeId, sender, idempotencyKey, child, placement, risks, lifecycle, false,
                    PlacementNotice.Notification.sent(PlacementNotice.Source.SSDA903_RETURN, false));
        }
    }
}
