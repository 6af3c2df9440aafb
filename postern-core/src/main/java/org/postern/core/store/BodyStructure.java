package org.postern.core.store;

import java.util.List;
import java.util.Map;

/**
 * One node of BODYSTRUCTURE (RFC 3501 section 7.4.2, RFC 9051 section 7.5.2), kept at
 * append. A multipart node has {@code parts} and no size; a message/rfc822 (or message/global) node has the
 * encapsulated message's {@code envelope} and {@code body}; text and message/rfc822 nodes
 * have {@code lines}. Media type and subtype are in lower case; parameters keep the order
 * and values of the header (names in lower case). Absent header fields are null.
 *
 * @param size the body's size in octets, as encoded (-1 for multipart)
 * @param lines the body's size in text lines (-1 when not a text or message/rfc822 part)
 */
public record BodyStructure(String type, String subtype, Map<String, String> parameters, String id,
                            String description, String encoding, long size, long lines, String md5,
                            Disposition disposition, List<String> language, String location,
                            List<BodyStructure> parts, Envelope envelope, BodyStructure body) {

    /** Content-Disposition (RFC 2183): its type in lower case and its parameters. */
    public record Disposition(String type, Map<String, String> parameters) {
        public Disposition {
            parameters = ordered(parameters);
        }
    }

    public BodyStructure {
        parameters = ordered(parameters);
        language = language == null ? null : List.copyOf(language);
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public boolean isMultipart() {
        return "multipart".equals(type);
    }

    /** True for message/rfc822 and its UTF-8 sibling message/global (RFC 6532 section 3.7), which carry an envelope and body. */
    public boolean isMessage() {
        return "message".equals(type) && ("rfc822".equals(subtype) || "global".equals(subtype));
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }
}
