package org.bridgeway.verifier;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.receipt.InvalidReceiptException;
import org.bridgeway.audit.receipt.ReceiptVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify-receipt}: checks a receipt, or a document of receipts, offline with the gateway's certificate. */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true, description = VerifyReceiptCommand.DESCRIPTION)
public class VerifyReceiptCommand extends LogCommand {
    public static final String DESCRIPTION =
            "Check a receipt (or a document of receipts) offline with only the gateway's certificate.";

    @Parameters(index = "0", paramLabel = "FILE", description = "The receipt JSON.")
    Path file;

    @Option(names = "--tsa-cert", paramLabel = "PEM",
            description = "A time-stamping authority's certificate (PEM): check the receipt's timestamp token too.")
    Path tsaCertificate;

    @Override
    public Integer call() throws Exception {
        NoteKey log;
        try {
            log = log();
        } catch (IOException e) {
            out().printf("receipt NOT VERIFIED: the certificate %s cannot be used: %s%n", certificate,
                    FileProblems.describe(e));
            return 1;
        }
        try {
            for (ReceiptVerifier.Checked r : ReceiptVerifier.verifyDocument(Files.readString(file), log,
                    CertificateFiles.optionalX509(tsaCertificate))) {
                out().printf("receipt OK: entry %d is in log %s at tree size %d, signed by the gateway%s%n",
                        r.index(), r.origin(), r.treeSize(), r.timestamped().map(t -> ", timestamped " + t).orElse(""));
            }
            return 0;
        } catch (InvalidReceiptException e) {
            out().printf("receipt NOT VERIFIED (%s): %s%n", file, e.getMessage());
            return 1;
        } catch (MalformedInputException e) {
            out().printf("receipt NOT VERIFIED (%s): not UTF-8 text%n", file);
            return 1;
        }
    }
}
