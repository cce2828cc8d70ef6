package org.bridgeway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one SSDA903 return has got to, as its sender polls it: counts only (no row of the return), and once done the
 * summary the upload used to answer with (file summaries, row errors by file, row, column and rule, refused files).
 *
 * @param state            {@code received} (being read and translated), {@code sending}, {@code done},
 *                         {@code failed} (send it again to resume) or {@code interrupted} (the node sending it
 *                         stopped: its heartbeat is two minutes old; send it again, to any node, to resume)
 * @param noticesSentBefore notices of the return already delivered earlier (a resumed batch): not sent twice
 * @param summary          null until done
 */
public record BatchStatus(String batchId, String responsibleAuthority, String source, String state,
                          Instant receivedAt, Instant finishedAt, int rowsRead, int rowsRejected, int filesRefused,
                          int notices, int noticesSent, int noticesSentBefore, String failure, JsonNode summary) {

    public boolean done() {
        return Ssda903Batches.DONE.equals(state);
    }

    /** The answer of {@code GET /api/v1/ssda903/returns/{batchId}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchId", batchId);
        json.put("state", state);
        json.put("done", done());
        json.put("responsibleAuthority", responsibleAuthority);
        json.put("source", source);
        json.put("receivedAt", receivedAt.toString());
        json.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        json.put("rowsRead", rowsRead);
        json.put("rowsRejected", rowsRejected);
        json.put("filesRefused", filesRefused);
        json.put("notices", notices);
        json.put("noticesSent", noticesSent);
        json.put("noticesSentBefore", noticesSentBefore);
        if (failure != null) {
            json.put("failure", failure);
        }
        if (summary != null) {
            json.put("summary", summary);
        }
        return json;
    }
}
