package org.bridgeway.adapters.exclusion;

/**
 * How much XML one document may make the reader do. A document beyond a limit is refused whole, so a hostile or
 * broken file costs bounded memory and time.
 *
 * @param maxBytes    the largest document read; larger ones are refused before any parsing
 * @param maxDepth    the deepest element nesting (the shape itself needs 6)
 * @param maxElements the most elements in one document (a record has about 17)
 */
public record XmlLimits(int maxBytes, int maxDepth, int maxElements) {
    /** 1 MiB holds well over a thousand records, more than a school sends at once. */
    /** One less than the largest array the JVM reliably allocates, so that the limit plus one byte can be read. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 9;

    public static final XmlLimits DEFAULT = new XmlLimits(1024 * 1024, 32, 100_000);

    public XmlLimits {
        if (maxBytes < 1 || maxDepth < 1 || maxElements < 1) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
        if (maxBytes > MAX_ARRAY) {
            throw new IllegalArgumentException("a document is held in one array: at most " + MAX_ARRAY + " bytes");
        }
    }
}
