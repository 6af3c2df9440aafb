package org.postern.transport.queue;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads what {@link BinaryWriter} wrote. A record whose checksum was right but whose body does
 * not parse is a {@link CorruptRecordException}, never a half-built object.
 */
final class BinaryReader {

    private final ByteBuffer buffer;

    BinaryReader(byte[] bytes) {
        this.buffer = ByteBuffer.wrap(bytes);
    }

    int u8() throws CorruptRecordException {
        try {
            return buffer.get() & 0xff;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    boolean bool() throws CorruptRecordException {
        int v = u8();
        if (v > 1) {
            throw new CorruptRecordException("bad boolean " + v);
        }
        return v == 1;
    }

    int i32() throws CorruptRecordException {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    long i64() throws CorruptRecordException {
        try {
            return buffer.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    String string() throws CorruptRecordException {
        int n = i32();
        if (n < 0 || n > buffer.remaining()) {
            throw truncated();
        }
        ByteBuffer slice = buffer.slice(buffer.position(), n);
        buffer.position(buffer.position() + n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptRecordException("bad UTF-8");
        }
    }

    Optional<String> optionalString() throws CorruptRecordException {
        return bool() ? Optional.of(string()) : Optional.empty();
    }

    Instant instant() throws CorruptRecordException {
        long seconds = i64();
        int nanos = i32();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            throw new CorruptRecordException("bad instant");
        }
    }

    Optional<Instant> optionalInstant() throws CorruptRecordException {
        return bool() ? Optional.of(instant()) : Optional.empty();
    }

    /** Fails unless every byte was read. */
    void expectEnd() throws CorruptRecordException {
        if (buffer.hasRemaining()) {
            throw new CorruptRecordException(buffer.remaining() + " bytes left over");
        }
    }

    private static CorruptRecordException truncated() {
        return new CorruptRecordException("record body too short");
    }
}
