package org.bridgeway.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.SynchronizationAdapter;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.ssda903.ReturnPeriod;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.adapters.ssda903.Ssda903File;
import org.bridgeway.adapters.ssda903.Ssda903Result;
import org.bridgeway.adapters.ssda903.Ssda903Translator;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.ReferenceData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSDA903 returns in: from a folder dropped in the inbox, an upload (a ZIP of the return's CSV files) or the
 * demo. Reads the files with hard size limits and without following links, opens the return's batch (a return sent
 * before, by the digest of its content, is answered with its earlier batch), translates it (adapters), puts every
 * rejected row and refused file in an audited quarantine report — identifiers and rule ids only — while the valid
 * notices go on down the pipeline, and counts them on the batch as they go.
 */
public final class Ssda903Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Ssda903Intake.class);
    /** The exchange property the return's route keeps a change or end in while it goes down the pipeline. */
    public static final String REFUSABLE_NOTICE = "ssda903Notice";
    /** The largest upload accepted (compressed), and the largest CSV file or return read (uncompressed). */
    public static final int MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
    public static final long MAX_FILE_BYTES = 100L * 1024 * 1024;
    public static final long MAX_RETURN_BYTES = 200L * 1024 * 1024;
    public static final int MAX_FILES = 20;
    /** The marker a sender writes last into a return's inbox folder: the return is complete. */
    public static final String READY_MARKER = "READY";
    private static final String QUARANTINE_KIND = "ssda903";
    private static final String FILE_REFUSED = "ssda903.file-refused";
    /** Exchange properties: the batch a notice belongs to, and when it entered the pipeline. */
    private static final String BATCH = "BridgewaySsda903Batch";
    private static final String NOTICE_STARTED = "BridgewaySsda903NoticeStarted";

    private final Ssda903Translator translator;
    private final Supplier<String> exchangeIds;
    private final Quarantine quarantine;
    private final Organisation operator;
    private final Ssda903Batches batches;
    /** Dates the return: which collection year is running, what "in the future" means. */
    private final Clock clock;

    public Ssda903Intake(ReferenceData reference, Supplier<String> exchangeIds, DataSource dataSource,
                         Quarantine quarantine, Clock clock, Organisation operator) {
        this.translator = new Ssda903Translator(reference);
        this.exchangeIds = exchangeIds;
        this.quarantine = quarantine;
        this.operator = operator;
        this.batches = new Ssda903Batches(dataSource, clock, exchangeIds);
        this.clock = clock;
    }

    /** The batches returns are tracked as: what a sender polls. */
    public Ssda903Batches batches() {
        return batches;
    }

    /** A return held in a folder (the demo), for the gateway's own authority. */
    public ReceivedReturn fromFolder(Path folder) {
        return fromFolder("folder", folder);
    }

    /**
     * An inbox drop: the READY marker names the folder. The folder is moved out of the inbox when the exchange
     * ends — to {@code .processed/} or, if it failed or was refused whole, {@code .failed/} — so it is not picked up
     * again; unless the audit log could not record it: then nothing was sent and it stays for the next poll to try
     * again. A folder that is a symbolic link, or whose marker is one, is refused whole and nothing in it is read.
     */
    public ReceivedReturn fromInboxMarker(Exchange exchange) {
        Path folder = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        ReceivedReturn received;
        try {
            ReturnFolder.requireInInbox(inboxOf(exchange, folder), folder);
            if (Files.isSymbolicLink(folder.resolve(READY_MARKER))) {
                throw new RuleRefusedException(ReturnFolder.SYMBOLIC_LINK, "the READY marker is a symbolic link");
            }
            received = fromFolder("inbox", folder);
        } catch (RuleRefusedException e) {
            received = refusedWhole(folder, e);
        }
        boolean refusedWhole = received.files().isEmpty() && !received.refused().isEmpty();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                moveOut(folder, refusedWhole ? ".failed" : ".processed");
            }

            @Override
            public void onFailure(Exchange failed) {
                if (failed.getException(AuditUnavailableException.class) != null) {
                    // nothing unaudited went out; the return stays in the inbox and the next poll tries again
                    LOG.warn("SSDA903 return {} could not be audited and stays in the inbox to be retried",
                            folder.getFileName());
                    return;
                }
                moveOut(folder, ".failed");
            }
        });
        return received;
    }

    /** The inbox the file consumer watches (its endpoint's folder), else the folder's own parent. */
    private static Path inboxOf(Exchange exchange, Path folder) {
        return exchange.getFromEndpoint() instanceof FileEndpoint file ? file.getFile().toPath() : folder.getParent();
    }

    /** An upload: a ZIP holding the return's CSV files, sent by the responsible authority itself. */
    public ReceivedReturn fromUpload(byte[] zip, Organisation uploader) {
        return open("upload", null, uploader, readZip(zip), List.of());
    }

    private ReceivedReturn fromFolder(String source, Path folder) {
        ReturnFolder.Contents contents = ReturnFolder.read(folder, READY_MARKER);
        return open(source, folder, operator, contents.files(), contents.refused());
    }

    private ReceivedReturn open(String source, Path folder, Organisation responsible, List<Ssda903File> files,
                                List<RefusedFile> refused) {
        String digest = digestOf(files, refused);
        Ssda903Batches.Opened batch = batches.open(digest, responsible, source);
        return new ReceivedReturn(source, digest, responsible, folder, files, refused, batch.batchId(), batch.send());
    }

    /**
     * A folder refused before anything in it was read: a batch of its own (its digest is of the refusal, so a later
     * drop under the same name is looked at afresh) that only quarantines the refusal.
     */
    private ReceivedReturn refusedWhole(Path folder, RuleRefusedException e) {
        String name = folder.getFileName().toString();
        LOG.warn("SSDA903 inbox: return {} refused whole [{}]: {}", name, e.rule(), e.getMessage());
        RefusedFile refusal = new RefusedFile(name, e.rule(), e.getMessage());
        String digest = Digests.sha256("refused\u0000" + name + "\u0000" + e.rule() + "\u0000" + exchangeIds.get());
        Ssda903Batches.Opened batch = batches.open(digest, operator, "inbox");
        return new ReceivedReturn("inbox", digest, operator, folder, List.of(), List.of(refusal), batch.batchId(),
                batch.send());
    }

    /**
     * Translates the return (a return sent before gives an empty batch: nothing is sent again), quarantines what
     * was rejected and records the counts on the batch. Should the exchange fail from here on, the batch is marked
     * failed, to be resumed when the return is sent again.
     */
    public ReturnBatch translate(ReceivedReturn received, Exchange exchange) {
        if (!received.send()) {
            LOG.info("SSDA903 return {} ({}) is batch {}, sent before or being sent; nothing is sent again",
                    received.source(), received.digest(), received.batchId());
            return nothingToSend(received);
        }
        exchange.setProperty(BATCH, received.batchId());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                batches.failed(received.batchId(), failureOf(failed));
            }
        });
        Ssda903Result result = received.files().isEmpty()
                ? new Ssda903Result(List.of(), List.of(), List.of(), List.of(), 0)
                : translator.translate(received.files(), received.responsibleAuthority(),
                        ReturnPeriod.asOf(LocalDate.now(clock)), exchangeIds);
        // file names are the sender's free text: logs name the table, never the file
        result.files().forEach(f -> LOG.info("SSDA903 batch {} {} table: {} rows read, {} with errors",
                received.batchId(), f.table(), f.rowsRead(), f.rowsWithErrors()));
        List<RefusedFile> refusals = new ArrayList<>(received.refused());
        result.refusals().forEach(r -> refusals.add(new RefusedFile(r.file(), FILE_REFUSED, r.reason())));
        ReturnBatch batch = new ReturnBatch(received.batchId(), received.source(), received.digest(),
                received.responsibleAuthority(), received.folder(), false, result.notices(), result.rowErrors(),
                refusals, result.files(), result.notNotifiable(), result.missing());
        quarantineRejections(batch);
        if (!batches.translated(batch)) {
            // another node took the batch over meanwhile (this one's heartbeat had stopped): it sends the return
            return nothingToSend(received);
        }
        return batch;
    }

    /** The empty batch of a return this exchange is not to send: sent before, or being sent by another. */
    private static ReturnBatch nothingToSend(ReceivedReturn received) {
        return new ReturnBatch(received.batchId(), received.source(), received.digest(),
                received.responsibleAuthority(), received.folder(), true, List.of(), List.of(), List.of(), List.of(),
                0);
    }

    /**
     * Whether this node still sends the notice's batch: not once another node has taken it over (this one's
     * heartbeat had stopped), which then sends the rest of the return. The notice route sends nothing otherwise.
     */
    public boolean sending(Exchange exchange) {
        return batches.sending(exchange.getProperty(BATCH, String.class));
    }

    /**
     * Whether this node still holds the batch, its notices through: it records their count to find out. A batch
     * another node has taken over is reconciled and closed by that node, not here.
     */
    public boolean holds(ReturnBatch batch) {
        return batches.holds(batch.batchId());
    }

    /** What stopped a batch, in words with no data in them: the audit log, or the kind of fault. */
    private static String failureOf(Exchange failed) {
        if (failed.getException(AuditUnavailableException.class) != null) {
            return "the audit log was unavailable; nothing unaudited was sent";
        }
        Exception e = failed.getException();
        return e == null ? "the exchange failed" : "the exchange failed (" + e.getClass().getSimpleName() + ")";
    }

    /** A notice of the return enters the pipeline: its clock starts. */
    public void dispatching(Exchange exchange) {
        exchange.setProperty(NOTICE_STARTED, System.nanoTime());
    }

    /** A notice of the return came out of the pipeline: counted on its batch, progress logged now and then. */
    public void dispatched(Dispatch dispatch, Exchange exchange) {
        Long started = exchange.getProperty(NOTICE_STARTED, Long.class);
        batches.noticeDone(exchange.getProperty(BATCH, String.class), dispatch.duplicate(),
                started == null ? System.nanoTime() : started);
    }

    /**
     * A change or end of the return the gateway refused by a rule (a placement it never carried, such as one notified
     * before it kept placement records, or one already ended): nothing of it was stored or sent; it is counted on the
     * batch with its rule, and the return's other notices go on.
     */
    public void refusedByRule(Exchange exchange) {
        RuleRefused refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RuleRefused.class);
        PlacementNotice notice = exchange.getProperty(REFUSABLE_NOTICE, PlacementNotice.class);
        String exchangeId = notice == null ? "?" : notice.exchangeId();
        LOG.warn("SSDA903 batch {}: {} {} refused [{}]", exchange.getProperty(BATCH, String.class),
                notice == null ? "notice" : notice.event(), exchangeId, refused.rule());
        batches.noticeRefused(exchange.getProperty(BATCH, String.class), exchangeId, refused.rule());
    }

    /** Every notice of the return went through: the batch is done, and a re-drop is recognised. */
    public ReturnBatch completed(ReturnBatch batch) {
        if (!batch.alreadyProcessed()) {
            batches.completed(batch);
        }
        return batch;
    }

    private void quarantineRejections(ReturnBatch batch) {
        if (batch.rowErrors().isEmpty() && batch.refusals().isEmpty()) {
            return;
        }
        List<Quarantine.Rejection> rejections = new ArrayList<>();
        for (RowError e : batch.rowErrors()) {
            rejections.add(new Quarantine.Rejection(e.file(), e.row(), e.column(), e.rule(), e.message()));
        }
        for (RefusedFile r : batch.refusals()) {
            rejections.add(new Quarantine.Rejection(r.file(), null, null, r.rule(), r.reason()));
        }
        quarantine.reject(QUARANTINE_KIND, batch.digest(), batch.responsibleAuthority().id(), rejections,
                Map.of("batchId", batch.batchId(), "source", batch.source(), "digest", batch.digest(),
                        "responsibleAuthority", batch.responsibleAuthority().id(), "rowErrors", batch.rowErrors(),
                        "refusedFiles", batch.refusals()));
        LOG.warn("SSDA903 batch {}: {} rejected row(s) and {} refused file(s) ({}) quarantined in {}", batch.batchId(),
                batch.rowErrors().size(), batch.refusals().size(),
                batch.refusals().stream().map(RefusedFile::rule).distinct().sorted().toList(),
                quarantine.reportOf(QUARANTINE_KIND, batch.digest()));
    }

    /**
     * SHA-256 over the files' names and contents in name order, and the names and rules of files refused unread:
     * the same return gives the same digest.
     */
    static String digestOf(List<Ssda903File> files, List<RefusedFile> refused) {
        StringBuilder all = new StringBuilder();
        files.stream().sorted(Comparator.comparing(Ssda903File::name)).forEach(f ->
                all.append(f.name()).append('\u0000').append(Digests.sha256(f.content())).append('\n'));
        refused.stream().sorted(Comparator.comparing(RefusedFile::file)).forEach(r ->
                all.append(r.file()).append('\u0000').append(r.rule()).append('\n'));
        return Digests.sha256(all.toString());
    }

    /** Reads a ZIP in memory, counting real bytes (not the sizes the archive claims) against the limits. */
    static List<Ssda903File> readZip(byte[] zip) {
        if (zip == null || zip.length == 0) {
            throw new MalformedInputException("the upload is empty; send the return's CSV files as a ZIP");
        }
        if (zip.length > MAX_UPLOAD_BYTES) {
            throw new InputTooLargeException("the upload is larger than " + MAX_UPLOAD_BYTES + " bytes");
        }
        List<Ssda903File> files = new ArrayList<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            int index = 0;
            while ((entry = in.getNextEntry()) != null) {
                index++;
                String name = entry.getName();
                if (ZipEntryNames.ignored(name)) {
                    continue;
                }
                ZipEntryNames.check(name, index);
                if (files.size() >= MAX_FILES) {
                    throw new InputTooLargeException("the upload has more than " + MAX_FILES + " files");
                }
                byte[] content = readBounded(in, MAX_FILE_BYTES, name);
                total += content.length;
                if (total > MAX_RETURN_BYTES) {
                    throw new InputTooLargeException("the upload expands to more than " + MAX_RETURN_BYTES + " bytes");
                }
                files.add(new Ssda903File(name, new String(content, StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedInputException("the upload is not a readable ZIP archive: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new MalformedInputException("the upload holds no files; send the return's CSV files as a ZIP");
        }
        return files;
    }

    private static byte[] readBounded(InputStream in, long limit, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > limit) {
                throw new InputTooLargeException(name + " expands to more than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void moveOut(Path folder, String where) {
        try {
            Path target = folder.getParent().resolve(where).resolve(folder.getFileName() + "-" + System.currentTimeMillis());
            Files.createDirectories(target.getParent());
            Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("SSDA903 return {} moved to {}", folder.getFileName(), target);
        } catch (IOException e) {
            LOG.error("cannot move return {} out of the inbox: {}", folder, e.toString());
        }
    }
}
