package org.postern.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.postern.core.store.BodyStructure;
import org.postern.core.store.Envelope;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;

/** The JSON form in which the store keeps a message's ENVELOPE and BODYSTRUCTURE (ADR 0002). */
final class StructureCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .build();

    private StructureCodec() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot serialize a message structure", e);
        }
    }

    /** The ENVELOPE from its JSON in UTF-8 octets (as read from the column), or the empty one for NULL. */
    static Envelope envelope(byte[] json) {
        if (json == null) {
            return Envelope.empty();
        }
        try {
            return EnvelopeJson.read(json);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "stored envelope unreadable", e);
        }
    }

    static BodyStructure bodyStructure(byte[] json, long size) {
        return json == null ? MessageParser.fallback(size) : read(json, BodyStructure.class);
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "stored message structure unreadable", e);
        }
    }
}
