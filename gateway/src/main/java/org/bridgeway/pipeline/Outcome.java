package org.bridgeway.pipeline;

import java.util.List;
import java.util.Map;

/** What became of a notice for one recipient, or of one input row: the facts the demo and operators see. */
public sealed interface Outcome {

    /** A minimised notice was put in a recipient's mailbox. */
    record Delivered(String exchangeId, String notice, String recipient, String format, List<String> fields,
                     List<String> withheld, String agreement, Map<String, String> lawfulBasis) implements Outcome {
    }

    /** The policy denied the disclosure; nothing was sent to this recipient. */
    record Denied(String exchangeId, String recipient, List<String> reasons) implements Outcome {
    }

    /** An input row, field or file was rejected; row and column are null when the whole file was refused. */
    record Rejected(String file, Integer row, String column, String rule, String message) implements Outcome {
    }

    /** A notice was submitted again and recognised; it keeps its first exchange id and is not delivered twice. */
    record Duplicate(String exchangeId, String notice) implements Outcome {
    }
}
