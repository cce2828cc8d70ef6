package org.bridgeway.adapters.exclusion;

/**
 * One problem found reading a document of exclusion notices.
 *
 * @param document the document's name as the caller gave it
 * @param record   the 1-based number of the record in the document (for XML, the n-th {@code Exclusion}
 *                 element); 0 when the problem is not with one record (the document, its header, a pupil with
 *                 no exclusion)
 * @param line     the line of the document where the problem is, or 0 when not known
 * @param field    the canonical dotted field name, or {@code null} when the problem is not with one field
 * @param rule     the stable id of the rule broken, e.g. {@code upn.check-letter} or {@code xml.doctype}
 * @param message  what is wrong, in words; never repeats a value from the document
 */
public record ReadError(String document, int record, int line, String field, String rule, String message) {
}
