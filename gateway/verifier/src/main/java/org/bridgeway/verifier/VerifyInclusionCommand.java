package org.bridgeway.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.tree.InvalidProofException;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.verify.CheckpointRefusedException;
import org.bridgeway.audit.verify.LogCheckpoints;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify-inclusion}: an entry is in the log at a signed head, by an RFC 9162 inclusion proof. */
@Command(name = "verify-inclusion", mixinStandardHelpOptions = true, description = VerifyInclusionCommand.DESCRIPTION)
public class VerifyInclusionCommand extends LogCommand {
    public static final String DESCRIPTION = "Check that an entry is in the log under a signed tree head, by its "
            + "inclusion proof (as GET /api/v1/audit/proof/inclusion answers it, or one base64 hash a line).";

    static final class Leaf {
        @Option(names = "--entry", paramLabel = "FILE", required = true,
                description = "The entry, its exact bytes (canonical JSON, no trailing newline).")
        Path entry;

        @Option(names = "--leaf-hash", paramLabel = "HEX", required = true,
                description = "The entry's leaf hash, SHA-256(0x00 || entry), hex.")
        String leafHash;
    }

    @ArgGroup(multiplicity = "1")
    Leaf leaf;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "The signed tree head (a signed checkpoint note, as GET /api/v1/audit/checkpoint answers).")
    Path checkpoint;

    @Option(names = "--proof", required = true, paramLabel = "FILE", description = "The inclusion proof.")
    Path proof;

    @Option(names = "--index", paramLabel = "N",
            description = "The entry's index (default: the 'index' of the proof's JSON answer).")
    Long index;

    @Override
    public Integer call() throws Exception {
        try {
            NoteKey log = log();
            Checkpoint head = LogCheckpoints.open(Files.readString(checkpoint), log).checkpoint();
            ProofFile inclusion = ProofFile.read(proof, "inclusionProof");
            OptionalLong stated = inclusion.number("index");
            long at = index != null ? index : stated.orElseThrow(() -> new IOException(
                    "give --index: the proof does not say which entry it is for"));
            OptionalLong treeSize = inclusion.number("treeSize");
            if (treeSize.isPresent() && treeSize.getAsLong() != head.size()) {
                return refused("the proof is for a tree of size " + treeSize.getAsLong() + ", the head's is "
                        + head.size());
            }
            byte[] leafHash = leaf.entry != null ? MerkleHash.leaf(Files.readAllBytes(leaf.entry))
                    : MerkleHash.fromHex(leaf.leafHash);
            ProofVerifier.checkInclusion(leafHash, at, head.size(), inclusion.hashes(), head.rootHash());
            out().printf("inclusion OK: leaf %s is entry %d of log %s at tree size %d, signed by the gateway%n",
                    MerkleHash.hex(leafHash), at, head.origin(), head.size());
            return 0;
        } catch (CheckpointRefusedException e) {
            return refused("the tree head " + e.getMessage());
        } catch (InvalidProofException e) {
            return refused(e.getMessage());
        } catch (IOException e) {
            return refused(FileProblems.describe(e));
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
    }

    private int refused(String why) {
        out().printf("inclusion NOT VERIFIED: %s%n", why);
        return 1;
    }
}
