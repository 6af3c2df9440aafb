package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentLanguageField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.postern.core.store.BodyStructure;
import org.postern.core.store.Envelope;

/**
 * Parses a message once, at append, with mime4j's streaming parser into its ENVELOPE and
 * BODYSTRUCTURE (RFC 3501 section 7.4.2; RFC 2045 for types and encodings, RFC 2183 for
 * dispositions, RFC 3066 languages, RFC 2557 locations). Sizes and line counts are those of
 * the encoded body as stored. Malformed MIME is never an error: the parser keeps what it
 * could read, and a message it cannot read at all becomes one text/plain part.
 */
final class MessageParser {

    /** Deepest nesting followed, of parts in a message and of messages in messages; deeper parts are left out. */
    static final int MAX_DEPTH = 32;

    record Parsed(Envelope envelope, BodyStructure body) {
    }

    /** The outermost message's envelope once its header is read, kept if the body then fails. */
    private Envelope topEnvelope = Envelope.empty();

    private MessageParser() {
    }

    /** Parses the stored message of {@code size} octets. */
    static Parsed parse(InputStream in, long size) {
        MessageParser parser = new MessageParser();
        try {
            return parser.message(in, 0);
        } catch (IOException | MimeException | RuntimeException | StackOverflowError e) {
            return new Parsed(parser.topEnvelope, fallback(size));
        }
    }

    /** One text/plain part of {@code size} octets: what an unreadable message is shown as. */
    static BodyStructure fallback(long size) {
        return new BodyStructure("text", "plain", Map.of("charset", "us-ascii"), null, null, "7bit",
                size, -1, null, null, null, null, null, null, null);
    }

    /** One entity being read: its header and, once known, its body description. */
    private static final class Node {
        final HeaderFields fields = new HeaderFields();
        final String defaultType;
        final List<BodyStructure> children = new ArrayList<>();
        BodyStructure leaf;
        boolean multipart;
        String mediaType;
        String subType;

        Node(String defaultType) {
            this.defaultType = defaultType;
        }
    }

    private static MimeConfig config() {
        return MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxLineLen(-1)
                .setMaxHeaderLen(-1)
                .setMaxHeaderCount(10_000)
                .build();
    }

    private Parsed message(InputStream in, int depth) throws IOException, MimeException {
        if (depth > MAX_DEPTH) {
            throw new MimeException("nesting deeper than " + MAX_DEPTH);
        }
        MimeTokenStream stream = new MimeTokenStream(config(), DecodeMonitor.SILENT, null);
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(in);
        Deque<Node> stack = new ArrayDeque<>();
        Envelope envelope = Envelope.empty();
        BodyStructure root = null;
        int ignored = 0;
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (ignored > 0) {
                // parts nested deeper than MAX_DEPTH: skipped, their ancestors are kept
                if (state == EntityState.T_START_BODYPART) {
                    ignored++;
                } else if (state == EntityState.T_END_BODYPART) {
                    ignored--;
                }
                continue;
            }
            switch (state) {
                case T_START_MESSAGE -> stack.push(new Node("text/plain"));
                case T_START_BODYPART -> {
                    Node parent = stack.peek();
                    if (stack.size() > MAX_DEPTH) {
                        ignored = 1;
                        continue;
                    }
                    boolean digest = parent != null && "multipart".equals(parent.mediaType) && "digest".equals(parent.subType);
                    stack.push(new Node(digest ? "message/rfc822" : "text/plain"));
                }
                case T_FIELD -> stack.peek().fields.add(stream.getField());
                case T_END_HEADER -> {
                    if (stack.size() == 1) {
                        envelope = EnvelopeParser.parse(stack.peek().fields);
                        if (depth == 0) {
                            topEnvelope = envelope;
                        }
                    }
                }
                case T_START_MULTIPART -> {
                    Node node = stack.peek();
                    node.multipart = true;
                    describe(node, stream.getBodyDescriptor());
                }
                case T_BODY -> {
                    Node node = stack.peek();
                    describe(node, stream.getBodyDescriptor());
                    node.leaf = leaf(node, stream, depth);
                }
                case T_END_BODYPART, T_END_MESSAGE -> {
                    Node done = stack.pop();
                    BodyStructure built = build(done);
                    if (stack.isEmpty()) {
                        root = built;
                    } else {
                        stack.peek().children.add(built);
                    }
                }
                default -> {
                    // preamble, epilogue, raw entities: nothing to keep
                }
            }
            if (state == EntityState.T_END_MESSAGE && stack.isEmpty()) {
                break;
            }
        }
        return new Parsed(envelope, root == null ? fallback(0) : root);
    }

    private static void describe(Node node, BodyDescriptor descriptor) {
        String media = descriptor == null ? null : descriptor.getMediaType();
        String sub = descriptor == null ? null : descriptor.getSubType();
        if (media == null || sub == null) {
            String[] parts = node.defaultType.split("/");
            media = parts[0];
            sub = parts[1];
        }
        node.mediaType = media.toLowerCase(Locale.ROOT);
        node.subType = sub.toLowerCase(Locale.ROOT);
    }

    private BodyStructure leaf(Node node, MimeTokenStream stream, int depth) throws IOException {
        if ("multipart".equals(node.mediaType)) {
            // a multipart without a usable boundary is read as text (RFC 2046 section 5.1.1)
            node.mediaType = "text";
            node.subType = "plain";
        }
        CountingInputStream body = new CountingInputStream(stream.getInputStream());
        Envelope inner = null;
        BodyStructure innerBody = null;
        boolean message = "message".equals(node.mediaType)
                && ("rfc822".equals(node.subType) || "global".equals(node.subType));
        if (message && identityEncoding(node.fields.first("Content-Transfer-Encoding"))) {
            Parsed parsed = parseNested(body, depth);
            inner = parsed.envelope;
            innerBody = parsed.body;
        }
        body.drain();
        if (message && inner == null) {
            inner = Envelope.empty();
            innerBody = fallback(body.octets());
        }
        boolean counted = message || "text".equals(node.mediaType);
        return part(node, body.octets(), counted ? body.lines() : -1, List.of(), inner, innerBody);
    }

    private Parsed parseNested(CountingInputStream body, int depth) {
        try {
            return message(new java.io.FilterInputStream(body) {
                @Override
                public void close() {
                    // the outer parser owns the stream
                }
            }, depth + 1);
        } catch (IOException | MimeException | RuntimeException e) {
            return new Parsed(Envelope.empty(), fallback(0));
        }
    }

    private static boolean identityEncoding(String encoding) {
        if (encoding == null) {
            return true;
        }
        String e = encoding.toLowerCase(Locale.ROOT).strip();
        return e.equals("7bit") || e.equals("8bit") || e.equals("binary") || e.isEmpty();
    }

    private static BodyStructure build(Node node) {
        if (node.leaf != null) {
            return node.leaf;
        }
        if (node.mediaType == null) {
            describe(node, null);
        }
        if (node.multipart) {
            return part(node, -1, -1, node.children, null, null);
        }
        return part(node, 0, 0, List.of(), null, null);
    }

    private static BodyStructure part(Node node, long size, long lines, List<BodyStructure> children,
                                      Envelope envelope, BodyStructure body) {
        HeaderFields h = node.fields;
        Map<String, String> params = Map.of();
        if (parsed(h.firstField("Content-Type")) instanceof ContentTypeField ct && ct.getParameters() != null) {
            params = ct.getParameters();
        }
        BodyStructure.Disposition disposition = null;
        if (parsed(h.firstField("Content-Disposition")) instanceof ContentDispositionField cd
                && cd.getDispositionType() != null && !cd.getDispositionType().isEmpty()) {
            disposition = new BodyStructure.Disposition(cd.getDispositionType().toLowerCase(Locale.ROOT),
                    cd.getParameters());
        }
        List<String> language = null;
        if (parsed(h.firstField("Content-Language")) instanceof ContentLanguageField cl
                && cl.getLanguages() != null && !cl.getLanguages().isEmpty()) {
            language = cl.getLanguages();
        }
        String encoding = h.first("Content-Transfer-Encoding");
        return new BodyStructure(node.mediaType, node.subType, params, h.first("Content-ID"),
                h.first("Content-Description"), node.multipart ? null : (encoding == null ? "7bit" : encoding),
                size, lines, h.first("Content-MD5"), disposition, language, h.first("Content-Location"),
                children, envelope, body);
    }

    private static ParsedField parsed(Field field) {
        if (field == null) {
            return null;
        }
        try {
            ParsedField p = LenientFieldParser.getParser().parse(field, DecodeMonitor.SILENT);
            return p.isValidField() ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
