package org.bridgeway.adapters.ssda903;

/**
 * One problem with one row of one file. The row is left out; other rows of the same file go on.
 *
 * @param file    the file name as given in {@link Ssda903File#name()}
 * @param row     the row number as a spreadsheet shows it: the header line is row 1, the first data row is
 *                row 2. Blank lines count as rows (a spreadsheet shows them), and a quoted value that spans
 *                several lines is still one row.
 * @param column  the column name (upper case, as in the SSDA903 specification), or {@code null} when the
 *                problem is with the whole row (wrong number of values, unreadable CSV)
 * @param rule    the stable id of the rule broken, e.g. {@code ssda903.rne.code} or {@code postcode.format}
 * @param message what is wrong, in words; never repeats a rejected value that could be personal data
 */
public record RowError(String file, int row, String column, String rule, String message) {
}
