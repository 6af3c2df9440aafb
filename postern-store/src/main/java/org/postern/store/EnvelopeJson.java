package org.postern.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;

/**
 * Reads the stored JSON of an ENVELOPE ({@link StructureCodec} writes it by its record
 * components) with Jackson's streaming parser: FETCH ENVELOPE decodes one per message, and the
 * generic record binding cost more than the rest of the response. Unknown fields are skipped.
 */
final class EnvelopeJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EnvelopeJson() {
    }

    static Envelope read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            expect(p, JsonToken.START_OBJECT);
            String date = null;
            String subject = null;
            String inReplyTo = null;
            String messageId = null;
            String references = null;
            List<EnvelopeAddress> from = List.of();
            List<EnvelopeAddress> sender = List.of();
            List<EnvelopeAddress> replyTo = List.of();
            List<EnvelopeAddress> to = List.of();
            List<EnvelopeAddress> cc = List.of();
            List<EnvelopeAddress> bcc = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "date" -> date = text(p);
                    case "subject" -> subject = text(p);
                    case "inReplyTo" -> inReplyTo = text(p);
                    case "messageId" -> messageId = text(p);
                    case "references" -> references = text(p);
                    case "from" -> from = addresses(p);
                    case "sender" -> sender = addresses(p);
                    case "replyTo" -> replyTo = addresses(p);
                    case "to" -> to = addresses(p);
                    case "cc" -> cc = addresses(p);
                    case "bcc" -> bcc = addresses(p);
                    default -> p.skipChildren();
                }
            }
            expect(p, JsonToken.END_OBJECT);
            return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId, references);
        }
    }

    private static List<EnvelopeAddress> addresses(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, JsonToken.START_ARRAY);
        List<EnvelopeAddress> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String adl = null;
            String mailbox = null;
            String host = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> name = text(p);
                    case "adl" -> adl = text(p);
                    case "mailbox" -> mailbox = text(p);
                    case "host" -> host = text(p);
                    default -> p.skipChildren();
                }
            }
            out.add(new EnvelopeAddress(name, adl, mailbox, host));
        }
        expect(p, JsonToken.END_ARRAY);
        return out;
    }

    private static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static void expect(JsonParser p, JsonToken expected) throws IOException {
        if (p.currentToken() != expected) {
            throw new JsonParseException(p, "expected " + expected + ", found " + p.currentToken());
        }
    }
}
