package org.bridgeway.adapters.exclusion;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * The exclusion file's XML Schema ({@value #RESOURCE}, beside this class), enforced: every violation of a document,
 * with its line and where it falls, the document itself, a pupil (so each of its records) or one record, which
 * {@link ExclusionXmlReader} reports in its own error form.
 *
 * <p>The schema describes element local names, as the reader reads them: the document is validated as the stream
 * of its elements with their namespaces and attributes taken off. Parsing is as closed as the reader's own: secure
 * processing, no DOCTYPE, no external entities, DTDs or schemas fetched, no XInclude; the reader has already
 * refused a hostile document before this runs. A violation's message names elements and the schema's rule, never a
 * value from the document (the validator's own messages quote values, which may be a child's details).
 */
final class ExclusionSchema {
    static final String RESOURCE = "exclusion-file.xsd";
    static final String RULE = "xml.schema";

    private static final Schema SCHEMA = load();
    /** The validator's message key, e.g. "cvc-pattern-valid", at the start of its message. */
    private static final Pattern KEY = Pattern.compile("^(cvc-[A-Za-z0-9.-]+?)(?:\\.[0-9a-z]+)*: ");

    private ExclusionSchema() {
    }

    /**
     * One violation and where it falls: {@code pupil} and {@code record} count from 1 in document order as the
     * reader counts them, 0 outside any.
     */
    record Violation(int pupil, int record, int line, String element, String rule, String message) {
    }

    /** The schema's violations of a well-formed document, in document order, one per element and kind. */
    static List<Violation> check(byte[] content) {
        Validator validator = SCHEMA.newValidator();
        try {
            validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the XML validator cannot be made secure", e);
        }
        LocalElements elements = new LocalElements(secureReader());
        Collector collector = new Collector(elements);
        validator.setErrorHandler(collector);
        try {
            validator.validate(new SAXSource(elements, new InputSource(new ByteArrayInputStream(content))));
        } catch (SAXException e) {
            // not well-formed after all: the reader refuses such a document before asking, so report it whole
            collector.add(e instanceof SAXParseException p ? p.getLineNumber() : 0, "cvc-document",
                    "the document is not well-formed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(collector.violations);
    }

    private static Schema load() {
        try (InputStream xsd = ExclusionSchema.class.getResourceAsStream(RESOURCE)) {
            if (xsd == null) {
                throw new IllegalStateException("the exclusion file schema " + RESOURCE + " is not on the classpath");
            }
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(xsd, RESOURCE));
        } catch (SAXException e) {
            throw new IllegalStateException("the exclusion file schema " + RESOURCE + " is not a valid XSD", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XMLReader secureReader() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("no secure SAX parser", e);
        }
    }

    /**
     * Passes the document's elements on by local name only, without namespaces or attributes, and keeps where the
     * parse is: the open elements, and the pupil and record being read, counted as the reader counts them.
     */
    private static final class LocalElements extends XMLFilterImpl {
        private static final Attributes NONE = new AttributesImpl();
        private final Deque<String> open = new ArrayDeque<>();
        private int pupils;
        private int records;

        LocalElements(XMLReader parent) {
            super(parent);
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            // namespaces are not part of the shape
        }

        @Override
        public void endPrefixMapping(String prefix) {
            // namespaces are not part of the shape
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            open.push(localName);
            if (at("Pupil", "ExclusionData") && open.size() == 3) {
                pupils++;
            } else if (at("Exclusion", "Exclusions", "Pupil", "ExclusionData") && open.size() == 5) {
                records++;
            }
            super.startElement("", localName, localName, NONE);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            super.endElement("", localName, localName);
            open.pop();
        }

        /** Whether the innermost open elements are these, innermost first. */
        private boolean at(String... names) {
            Iterator<String> it = open.iterator();
            for (String name : names) {
                if (!it.hasNext() || !it.next().equals(name)) {
                    return false;
                }
            }
            return true;
        }

        int pupil() {
            return open.size() >= 3 && inside("Pupil", 3) ? pupils : 0;
        }

        int record() {
            return open.size() >= 5 && inside("Exclusion", 5) ? records : 0;
        }

        /** Whether the element at this depth (the root is 1) of the open path has this name. */
        private boolean inside(String name, int depth) {
            Iterator<String> outermost = open.descendingIterator();
            for (int i = 1; i < depth; i++) {
                outermost.next();
            }
            return outermost.next().equals(name);
        }

        /** The innermost open element and its parent, "Exclusion/Category", as the reader names places. */
        String place() {
            Iterator<String> it = open.iterator();
            String element = it.hasNext() ? it.next() : "";
            return it.hasNext() ? it.next() + "/" + element : element;
        }

        String element() {
            return open.isEmpty() ? "" : open.peek();
        }
    }

    /** Collects the validator's errors as violations, placed where the parse was, one per element and kind. */
    private static final class Collector implements ErrorHandler {
        private final LocalElements elements;
        private final Set<Violation> violations = new LinkedHashSet<>();
        private final Set<String> seen = new LinkedHashSet<>();

        Collector(LocalElements elements) {
            this.elements = elements;
        }

        @Override
        public void warning(SAXParseException e) {
            // a warning is no violation
        }

        @Override
        public void error(SAXParseException e) {
            String raw = e.getMessage() == null ? "" : e.getMessage();
            Matcher key = KEY.matcher(raw);
            String rule = "cvc";
            int text = 0;
            if (key.find()) {
                rule = key.group(1);
                text = key.end();
            }
            // structure messages name elements only; value messages quote the value, which is not repeated
            String detail = rule.startsWith("cvc-complex-type") || rule.startsWith("cvc-elt")
                    ? raw.substring(text).strip()
                    : "the value is not in the form the exclusion file schema gives";
            add(e.getLineNumber(), rule, detail);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        void add(int line, String rule, String detail) {
            String place = elements.place();
            // a value that breaks its type is reported twice (the facet, then the type): once is enough
            if (seen.add(line + "|" + place + "|" + (rule.startsWith("cvc-complex-type") ? rule : "value"))) {
                violations.add(new Violation(elements.pupil(), elements.record(), Math.max(0, line),
                        elements.element(), RULE, place + ": " + detail + " (" + rule + ")"));
            }
        }
    }
}
