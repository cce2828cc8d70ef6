package org.bridgeway.verifier;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.tree.InvalidProofException;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.verify.CheckpointRefusedException;
import org.bridgeway.audit.verify.LogCheckpoints;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify-consistency}: a later signed head extends an earlier one (the log only grew), by an RFC 9162
 * consistency proof; given as files, or fetched from the gateway.
 */
@Command(name = "verify-consistency", mixinStandardHelpOptions = true,
        description = VerifyConsistencyCommand.DESCRIPTION)
public class VerifyConsistencyCommand extends LogCommand {
    public static final String DESCRIPTION = "Check that a later signed tree head extends an earlier one: the log "
            + "only grew, nothing was changed, removed or reordered.";

    @Option(names = "--old", required = true, paramLabel = "FILE",
            description = "The earlier signed head (a signed checkpoint; a witness's state file is one).")
    Path old;

    static final class Later {
        @ArgGroup(exclusive = false, multiplicity = "1")
        FromFiles files;

        @Option(names = "--gateway", required = true, paramLabel = "URL",
                description = "Fetch the gateway's latest head and the proof from its audit API instead.")
        URI gateway;
    }

    static final class FromFiles {
        @Option(names = "--new", required = true, paramLabel = "FILE", description = "The later signed head.")
        Path later;

        @Option(names = "--proof", required = true, paramLabel = "FILE",
                description = "The consistency proof (as GET /api/v1/audit/proof/consistency answers it, or one "
                        + "base64 hash a line).")
        Path proof;
    }

    @ArgGroup(multiplicity = "1")
    Later later;

    @Mixin
    GatewayConnection connection;

    @Override
    public Integer call() throws Exception {
        try {
            NoteKey log = log();
            Checkpoint before = open(Files.readString(old), log, "the old head ");
            Checkpoint now;
            ProofFile proof;
            if (later.gateway != null) {
                GatewayApi api = new GatewayApi(later.gateway, connection.http(), connection.bearerToken());
                now = open(api.checkpoint(), log, "the gateway's latest head ");
                proof = ProofFile.parse(api.consistencyProof(before.size(), now.size()), "consistencyProof",
                        "the gateway's answer");
            } else {
                now = open(Files.readString(later.files.later), log, "the new head ");
                proof = ProofFile.read(later.files.proof, "consistencyProof");
            }
            OptionalLong first = proof.number("first");
            OptionalLong second = proof.number("second");
            if (first.isPresent() && first.getAsLong() != before.size()
                    || second.isPresent() && second.getAsLong() != now.size()) {
                return refused("the proof is for sizes " + first.orElse(-1) + " to " + second.orElse(-1)
                        + ", the heads' are " + before.size() + " and " + now.size());
            }
            if (now.size() < before.size()) {
                return refused("the log shrank from " + before.size() + " to " + now.size()
                        + " entries: it was truncated or rolled back");
            }
            ProofVerifier.checkConsistency(before.size(), now.size(), before.rootHash(), now.rootHash(),
                    proof.hashes());
            out().printf("consistency OK: the head of size %d of log %s extends the head of size %d%n",
                    now.size(), now.origin(), before.size());
            return 0;
        } catch (Refusal e) {
            return refused(e.getMessage());
        } catch (InvalidProofException e) {
            return refused("the heads are not consistent (" + e.getMessage() + "): the log was forked or rewritten");
        } catch (IOException e) {
            return refused(FileProblems.describe(e));
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
    }

    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    private static Checkpoint open(String text, NoteKey log, String what) throws Refusal {
        try {
            return LogCheckpoints.open(text, log).checkpoint();
        } catch (CheckpointRefusedException e) {
            throw new Refusal(what + e.getMessage());
        }
    }

    private int refused(String why) {
        out().printf("consistency NOT VERIFIED: %s%n", why);
        return 1;
    }
}
