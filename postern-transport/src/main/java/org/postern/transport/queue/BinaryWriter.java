package org.postern.transport.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** Big-endian primitives into a growing array: the vocabulary of the journal's record bodies. */
final class BinaryWriter {

    private byte[] bytes;
    private int length;

    BinaryWriter(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    BinaryWriter u8(int v) {
        ensure(1);
        bytes[length++] = (byte) v;
        return this;
    }

    BinaryWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    BinaryWriter i32(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (v >>> shift);
        }
        return this;
    }

    BinaryWriter i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** UTF-8 with a 32-bit length. */
    BinaryWriter string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        i32(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    BinaryWriter optionalString(Optional<String> s) {
        bool(s.isPresent());
        s.ifPresent(this::string);
        return this;
    }

    BinaryWriter instant(Instant t) {
        return i64(t.getEpochSecond()).i32(t.getNano());
    }

    BinaryWriter optionalInstant(Optional<Instant> t) {
        bool(t.isPresent());
        t.ifPresent(this::instant);
        return this;
    }

    int length() {
        return length;
    }

    /** Overwrites four bytes already written, e.g. a length known only afterwards. */
    void patchI32(int at, int v) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
