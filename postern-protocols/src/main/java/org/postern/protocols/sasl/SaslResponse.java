package org.postern.protocols.sasl;

import java.util.Arrays;

/** A client's SASL response line, decoded: data, or a cancellation ({@code *}). */
public sealed interface SaslResponse {

    /** The decoded octets (possibly empty). */
    record Data(byte[] bytes) implements SaslResponse {
        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Data[" + bytes.length + " octets]";
        }
    }

    /** The client sent {@code *}: the exchange is abandoned (RFC 4954 section 4, RFC 3501 section 6.2.2). */
    record Cancelled() implements SaslResponse {
    }

    Cancelled CANCELLED = new Cancelled();
}
