package org.postern.protocols.imap;

import java.util.List;
import java.util.Optional;

/**
 * A fetch-att of RFC 3501 section 6.4.5 (grammar in section 9): a simple item, or a body
 * section with its partial range. The macros ALL, FAST and FULL are expanded by the parser.
 */
public sealed interface FetchAttribute {

    /** The items without arguments. */
    enum Item {
        FLAGS, UID, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODYSTRUCTURE,
        /** BODY without a section: the non-extensible BODYSTRUCTURE. */
        BODY,
        RFC822, RFC822_HEADER, RFC822_TEXT,
        /** RFC 7162 section 3.1.4. */
        MODSEQ;

        /** The name in a FETCH response. */
        public String wireName() {
            return name().replace('_', '.');
        }
    }

    record Simple(Item item) implements FetchAttribute {
    }

    /** What part of a section: the whole of it, or its header, some header fields, its text, its MIME header. */
    enum Specifier { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    /**
     * A section-spec: the part path ({@code 1.2}, empty for the whole message), the specifier
     * and, for HEADER.FIELDS(.NOT), the field names.
     */
    record Section(List<Integer> part, Specifier specifier, List<String> fields) {
        public Section {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }

        public static Section whole() {
            return new Section(List.of(), Specifier.NONE, List.of());
        }

        /** The section as written in the response, {@code 1.2.HEADER.FIELDS (FROM TO)}. */
        public String wire() {
            StringBuilder sb = new StringBuilder();
            for (int p : part) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(p);
            }
            if (specifier != Specifier.NONE) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(specifier.name().replace('_', '.'));
            }
            if (specifier == Specifier.HEADER_FIELDS || specifier == Specifier.HEADER_FIELDS_NOT) {
                sb.append(" (").append(String.join(" ", fields)).append(')');
            }
            return sb.toString();
        }
    }

    /** {@code <origin.count>}. */
    record Partial(long origin, long count) {
    }

    /**
     * {@code BINARY[part]<partial>} or {@code BINARY.PEEK[…]} (RFC 3516 section 4.1): the part's
     * content with its Content-Transfer-Encoding undone; the non-PEEK form sets \Seen. An empty
     * part path is the whole message.
     */
    record Binary(List<Integer> part, boolean peek, Optional<Partial> partial) implements FetchAttribute {
        public Binary {
            part = List.copyOf(part);
        }
    }

    /** {@code BINARY.SIZE[part]} (RFC 3516 section 4.2): the size of the decoded part. */
    record BinarySize(List<Integer> part) implements FetchAttribute {
        public BinarySize {
            part = List.copyOf(part);
        }
    }

    /** {@code BODY[section]<partial>} or {@code BODY.PEEK[…]}; the non-PEEK form sets \Seen. */
    record BodySection(Section section, boolean peek, Optional<Partial> partial) implements FetchAttribute {
    }
}
