package org.bridgeway.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.ssda903.FileRefusal;
import org.bridgeway.adapters.ssda903.ReturnPeriod;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.adapters.ssda903.Ssda903File;
import org.bridgeway.adapters.ssda903.Ssda903Result;
import org.bridgeway.adapters.ssda903.Ssda903Translator;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.model.Organisation;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSDA903 returns in: from a folder dropped in the inbox, an upload (a ZIP of the return's CSV files) or the
 * demo. Reads the files with hard size limits, recognises a return processed before by the digest of its
 * content, translates it (adapters), and puts every rejected row and refused file in an audited quarantine
 * report — identifiers and rule ids only — while the valid notices go on down the pipeline.
 */
public final class Ssda903Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Ssda903Intake.class);
    /** The largest upload accepted (compressed), and the largest CSV file or return read (uncompressed). */
    public static final int MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
    public static final long MAX_FILE_BYTES = 100L * 1024 * 1024;
    public static final long MAX_RETURN_BYTES = 200L * 1024 * 1024;
    public static final int MAX_FILES = 20;
    /** The marker a sender writes last into a return's inbox folder: the return is complete. */
    public static final String READY_MARKER = "READY";
    private static final int PROGRESS_EVERY = 1_000;
    private static final String QUARANTINE_KIND = "ssda903";

    private final Ssda903Translator translator;
    private final Supplier<String> exchangeIds;
    private final DataSource dataSource;
    private final Quarantine quarantine;
    private final Clock clock;
    private final Organisation operator;

    public Ssda903Intake(ReferenceData reference, Supplier<String> exchangeIds, DataSource dataSource,
                         Quarantine quarantine, Clock clock, Organisation operator) {
        this.translator = new Ssda903Translator(reference);
        this.exchangeIds = exchangeIds;
        this.dataSource = dataSource;
        this.quarantine = quarantine;
        this.clock = clock;
        this.operator = operator;
    }

    /** A return held in a folder (the demo, or an inbox drop), for the gateway's own authority. */
    public ReturnBatch fromFolder(Path folder) {
        return translate(folder.getFileName().toString(), readFolder(folder), operator, folder);
    }

    /**
     * An inbox drop: the READY marker names the folder. The folder is moved out of the inbox when the exchange
     * ends — to {@code .processed/} or, if it failed, {@code .failed/} — so it is not picked up again; unless the
     * audit log could not record it: then nothing was sent and it stays for the next poll to try again.
     */
    public ReturnBatch fromInboxMarker(Exchange exchange) {
        Path folder = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                moveOut(folder, ".processed");
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
        return fromFolder(folder);
    }

    /** An upload: a ZIP holding the return's CSV files, sent by the responsible authority itself. */
    public ReturnBatch fromUpload(byte[] zip, Organisation uploader) {
        return translate("upload", readZip(zip), uploader, null);
    }

    ReturnBatch translate(String source, List<Ssda903File> files, Organisation responsible, Path folder) {
        String digest = digestOf(files);
        if (alreadyProcessed(digest)) {
            LOG.info("SSDA903 return {} ({}) was processed before; nothing is sent again", source, digest);
            return new ReturnBatch(source, digest, responsible, folder, true, List.of(), List.of(), List.of(),
                    List.of(), 0);
        }
        Ssda903Result result = translator.translate(files, responsible, ReturnPeriod.asOf(LocalDate.now(clock)),
                exchangeIds);
        // file names are the sender's free text: logs name the table, never the file
        result.files().forEach(f -> LOG.info("SSDA903 {} {} table: {} rows read, {} with errors", source, f.table(),
                f.rowsRead(), f.rowsWithErrors()));
        LOG.info("SSDA903 {}: {} placement notice(s) to send, {} episode(s) not notifiable, {} row error(s), "
                        + "{} file(s) refused", source, result.notices().size(), result.notNotifiable(),
                result.rowErrors().size(), result.refusals().size());
        ReturnBatch batch = new ReturnBatch(source, digest, responsible, folder, false, result.notices(),
                result.rowErrors(), result.refusals(), result.files(), result.notNotifiable());
        quarantineRejections(batch);
        return batch;
    }

    /** Logs progress through a large return; the split calls this for every notice. */
    public void progress(Exchange exchange) {
        Integer index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        Integer size = exchange.getProperty(Exchange.SPLIT_SIZE, Integer.class);
        if (index != null && (index + 1) % PROGRESS_EVERY == 0) {
            LOG.info("SSDA903 return: {} of {} notices dispatched", index + 1, size == null ? "?" : size);
        }
    }

    /** Every notice of the return went through: remember its digest so a re-drop is recognised. */
    public ReturnBatch completed(ReturnBatch batch) {
        if (batch.alreadyProcessed()) {
            return batch;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO processed_input "
                     + "(input_digest, source, processed_at, summary) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, batch.digest());
            ps.setString(2, "ssda903:" + batch.source());
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, batch.notices().size() + " notices, " + batch.rowErrors().size() + " row errors, "
                    + batch.refusals().size() + " refused files");
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Database.isConstraintViolation(e)) {
                throw new IllegalStateException("cannot record the processed return", e);
            }
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
        for (FileRefusal r : batch.refusals()) {
            rejections.add(new Quarantine.Rejection(r.file(), null, null, "ssda903.file-refused", r.reason()));
        }
        quarantine.reject(QUARANTINE_KIND, batch.digest(), batch.responsibleAuthority().id(), rejections,
                Map.of("source", batch.source(), "digest", batch.digest(),
                        "responsibleAuthority", batch.responsibleAuthority().id(), "rowErrors", batch.rowErrors(),
                        "refusedFiles", batch.refusals()));
        LOG.warn("SSDA903 {}: {} rejected row(s) and {} refused file(s) quarantined in {}", batch.source(),
                batch.rowErrors().size(), batch.refusals().size(), quarantine.reportOf(QUARANTINE_KIND, batch.digest()));
    }

    private boolean alreadyProcessed(String digest) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM processed_input WHERE input_digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read processed inputs", e);
        }
    }

    /** SHA-256 over the files' names and contents in name order: the same return gives the same digest. */
    static String digestOf(List<Ssda903File> files) {
        StringBuilder all = new StringBuilder();
        files.stream().sorted(Comparator.comparing(Ssda903File::name)).forEach(f ->
                all.append(f.name()).append('\u0000').append(Digests.sha256(f.content())).append('\n'));
        return Digests.sha256(all.toString());
    }

    private static List<Ssda903File> readFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
        List<Ssda903File> files = new ArrayList<>();
        long total = 0;
        try (Stream<Path> listing = Files.list(folder)) {
            for (Path p : listing.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || name.startsWith(".") || name.equals(READY_MARKER)) {
                    continue;
                }
                requireSafeName(name);
                long size = Files.size(p);
                if (size > MAX_FILE_BYTES) {
                    throw new InputTooLargeException(name + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                total += size;
                if (total > MAX_RETURN_BYTES || files.size() >= MAX_FILES) {
                    throw new InputTooLargeException("the return has more than " + MAX_FILES + " files or "
                            + MAX_RETURN_BYTES + " bytes");
                }
                files.add(new Ssda903File(name, new String(Files.readAllBytes(p), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the return in " + folder, e);
        }
        return files;
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
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (name.startsWith(".") || entry.getName().startsWith("__MACOSX")) {
                    continue;
                }
                requireSafeName(name);
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

    /**
     * File names reach reports and answers: short, plain names only (letters, digits, space, dot, hyphen,
     * underscore; at most 100 characters). A name that breaks this is refused without being repeated.
     */
    static void requireSafeName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
            throw new MalformedInputException("a file name in the return is not allowed: use at most 100 letters,"
                    + " digits, spaces, dots, hyphens or underscores, starting with a letter or digit");
        }
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
