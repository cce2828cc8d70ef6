package org.bridgeway.adapters.ssda903;

/**
 * What happened to one file that was accepted as an SSDA903 table.
 *
 * @param file           the file name as given in {@link Ssda903File#name()}
 * @param table          the table it was recognised as ({@link Ssda903Table#slug()}, e.g. "episodes")
 * @param rowsRead       data rows read (blank rows are not counted)
 * @param rowsWithErrors data rows left out because of at least one {@link RowError}
 * @param note           a remark for the user, e.g. that the table is recognised but not used; may be empty
 */
public record FileSummary(String file, String table, int rowsRead, int rowsWithErrors, String note) {
}
