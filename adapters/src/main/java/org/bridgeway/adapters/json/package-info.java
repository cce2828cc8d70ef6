/**
 * JSON: {@link org.bridgeway.adapters.json.JsonBodyReader} reads the body of every JSON endpoint the same bounded way
 * (a size limit checked before parsing, nesting depth, number length, no duplicate members, nothing after the
 * object), and {@link org.bridgeway.adapters.json.JsonNoticeRenderer} renders a minimised notice as Bridgeway's own
 * JSON, nesting the dotted field names (a list field is named in its {@code LIST_FIELDS}).
 *
 * <p>The reader judges the body, not the notice: field rules belong to the reader of each exchange. A refusal is in
 * our own words; the parser's message, which quotes the offending token, is never passed on. The renderer writes
 * exactly the fields of the minimised notice it is given, nothing else.
 */
package org.bridgeway.adapters.json;
