package org.bridgeway.adapters.exclusion;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A pull cursor over one untrusted XML document, with the defences in one place:
 * <ul>
 *   <li>the size is checked before anything is parsed;</li>
 *   <li>the bytes must be UTF-8 (checked strictly, before parsing, so a bad byte is located precisely) and a
 *       declared encoding other than UTF-8 is refused;</li>
 *   <li>the JDK's own StAX parser with DTDs and external entities off and no external access at all; a DOCTYPE
 *       refuses the document outright, which also rules out entity expansion ("billion laughs");</li>
 *   <li>element depth and count are bounded as the document is read.</li>
 * </ul>
 * Parser messages are not passed on, because they can quote the document; a refusal says where, not what.
 */
final class XmlCursor implements AutoCloseable {

    /** Where a problem that does not stop the document is reported. */
    interface Problems {
        void add(int line, String field, String rule, String message);
    }

    private final XMLStreamReader reader;
    private final XmlLimits limits;
    private int depth;
    private int elements;

    private XmlCursor(XMLStreamReader reader, XmlLimits limits) {
        this.reader = reader;
        this.limits = limits;
    }

    static XmlCursor open(byte[] bytes, XmlLimits limits) throws XmlRefusal {
        if (bytes.length > limits.maxBytes()) {
            throw new XmlRefusal("xml.too-large", "the document is larger than " + limits.maxBytes()
                    + " bytes and was not read", 0);
        }
        String text = decodeUtf8(bytes);
        if (text.isBlank()) {
            throw new XmlRefusal("xml.empty", "the document is empty", 0);
        }
        XMLStreamReader reader;
        try {
            reader = factory().createXMLStreamReader(new StringReader(text));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        String declared = reader.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new XmlRefusal("xml.encoding", "the document declares an encoding other than UTF-8;"
                    + " only UTF-8 is accepted", 1);
        }
        return new XmlCursor(reader, limits);
    }

    /**
     * A new factory per document: the JDK's implementation (not whichever StAX library the classpath offers), so
     * that the settings below are known to take effect, and not shared, because reader reuse is not thread-safe.
     */
    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external resources are never read");
        });
        return f;
    }

    /** Strict UTF-8: a malformed byte refuses the document, with its offset and line (never its value). */
    static String decodeUtf8(byte[] bytes) throws XmlRefusal {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new XmlRefusal("xml.encoding", "the document is not valid UTF-8 (a malformed byte sequence at byte "
                    + offset + "); only UTF-8 is accepted", lineAt(bytes, offset));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Moves to the root element and returns its local name. */
    String root() throws XmlRefusal {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return reader.getLocalName();
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XmlRefusal("xml.malformed", "the document has no root element", line());
            }
        }
    }

    /**
     * Moves to the next child of the current element and returns its local name (namespaces are not part of the
     * shape), or null at the current element's end. Text between child elements is reported, not silently lost.
     */
    String nextChild(Problems problems, String container) throws XmlRefusal {
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT:
                    return reader.getLocalName();
                case XMLStreamConstants.END_ELEMENT:
                case XMLStreamConstants.END_DOCUMENT:
                    return null;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                    if (!reader.isWhiteSpace()) {
                        problems.add(line(), null, "xml.text.stray", container
                                + " holds text outside any of its elements; the text was not read");
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * The text of the current element, read up to its end. An element inside it is reported and skipped, and
     * then null is returned: a field is text only.
     */
    String text(Problems problems, String element, String field) throws XmlRefusal {
        StringBuilder text = new StringBuilder();
        boolean nested = false;
        int line = line();
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(reader.getText());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                nested = true;
                skip();
            } else if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                break;
            }
        }
        if (nested) {
            problems.add(line, field, "xml.element.not-text", element + " must hold text only, not elements");
            return null;
        }
        return text.toString();
    }

    /** Skips the current element and everything inside it (still within the limits). */
    void skip() throws XmlRefusal {
        int target = depth - 1;
        while (depth > target) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                return;
            }
        }
    }

    /** Reads to the end of the document, so that anything malformed after the root element still refuses it. */
    void finish() throws XmlRefusal {
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // comments and whitespace may follow the root; anything else is refused by the parser or the limits
        }
    }

    /** The line of the current event, or 0 when the parser does not know it. */
    int line() {
        return Math.max(0, reader.getLocation().getLineNumber());
    }

    private int next() throws XmlRefusal {
        int event;
        try {
            if (!reader.hasNext()) {
                return XMLStreamConstants.END_DOCUMENT;
            }
            event = reader.next();
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        if (event == XMLStreamConstants.DTD) {
            throw new XmlRefusal("xml.doctype", "the document has a DOCTYPE; documents with a DOCTYPE are refused"
                    + " (Bridgeway reads no DTD and expands no entities)", line());
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
            depth++;
            elements++;
            if (depth > limits.maxDepth()) {
                throw new XmlRefusal("xml.too-deep", "elements are nested deeper than " + limits.maxDepth()
                        + " levels", line());
            }
            if (elements > limits.maxElements()) {
                throw new XmlRefusal("xml.too-many-elements", "the document has more than " + limits.maxElements()
                        + " elements", line());
            }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
            depth--;
        }
        return event;
    }

    private static XmlRefusal malformed(XMLStreamException e) {
        Location at = e.getLocation();
        int line = at == null ? 0 : Math.max(0, at.getLineNumber());
        String where = at == null || at.getLineNumber() < 1 ? ""
                : " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")";
        return new XmlRefusal("xml.malformed", "the document is not well-formed XML" + where, line);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // nothing is held open: the input is an in-memory string
        }
    }
}
