package org.postern.protocols.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The AV_PAIR list of MS-NLMP section 2.2.2.1: the TargetInfo of a CHALLENGE message, and the
 * list a client returns inside its NTLMv2 response. Each pair is an AvId, an AvLen and AvLen
 * bytes; the list ends with MsvAvEOL. Names are UTF-16LE; MsvAvTimestamp is a FILETIME.
 */
public record AvPairs(List<Pair> pairs) {

    public static final int MSV_AV_EOL = 0;
    public static final int MSV_AV_NB_COMPUTER_NAME = 1;
    public static final int MSV_AV_NB_DOMAIN_NAME = 2;
    public static final int MSV_AV_DNS_COMPUTER_NAME = 3;
    public static final int MSV_AV_DNS_DOMAIN_NAME = 4;
    public static final int MSV_AV_DNS_TREE_NAME = 5;
    public static final int MSV_AV_FLAGS = 6;
    public static final int MSV_AV_TIMESTAMP = 7;
    public static final int MSV_AV_SINGLE_HOST = 8;
    public static final int MSV_AV_TARGET_NAME = 9;
    public static final int MSV_AV_CHANNEL_BINDINGS = 10;

    /** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
    public static final int FLAG_MIC_PRESENT = 0x00000002;

    /** At most this many pairs are read, so a hostile list cannot make many small objects. */
    static final int MAX_PAIRS = 64;

    /** One AV pair; {@code value} is its bytes as sent. */
    public record Pair(int id, byte[] value) {
        public Pair {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.id == id && Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(value);
        }
    }

    public AvPairs {
        pairs = List.copyOf(pairs);
        for (Pair p : pairs) {
            if (p.id() == MSV_AV_EOL || p.id() < 0 || p.id() > 0xffff || p.value.length > 0xffff) {
                throw new IllegalArgumentException("not an AV pair to send: " + p.id());
            }
        }
    }

    /** A name pair (MsvAvNbDomainName …): its value in UTF-16LE. */
    public static Pair name(int id, String name) {
        return new Pair(id, name.getBytes(StandardCharsets.UTF_16LE));
    }

    /** MsvAvTimestamp: a FILETIME, little-endian. */
    public static Pair timestamp(long fileTime) {
        byte[] v = new byte[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (fileTime >>> (8 * i));
        }
        return new Pair(MSV_AV_TIMESTAMP, v);
    }

    /**
     * Reads a list from {@code bytes[from..]}, up to and including MsvAvEOL; what follows the
     * terminator (the NTLMv2 response's padding) is not read.
     */
    public static AvPairs parse(byte[] bytes, int from) throws NtlmFormatException {
        NtlmReader r = new NtlmReader(bytes);
        List<Pair> pairs = new ArrayList<>();
        int at = from;
        while (true) {
            int id = r.uint16(at);
            int length = r.uint16(at + 2);
            if (id == MSV_AV_EOL) {
                return new AvPairs(pairs);
            }
            if (pairs.size() == MAX_PAIRS) {
                throw new NtlmFormatException("more than " + MAX_PAIRS + " AV pairs");
            }
            pairs.add(new Pair(id, r.bytes(at + 4, length)));
            at += 4 + length;
        }
    }

    public static AvPairs parse(byte[] bytes) throws NtlmFormatException {
        if (bytes.length == 0) {
            throw new NtlmFormatException("empty AV pair list (no MsvAvEOL)");
        }
        return parse(bytes, 0);
    }

    /** The pairs followed by MsvAvEOL. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pair p : pairs) {
            out.write(p.id());
            out.write(p.id() >>> 8);
            out.write(p.value.length);
            out.write(p.value.length >>> 8);
            out.writeBytes(p.value);
        }
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /** The first pair with this id. */
    public Optional<byte[]> get(int id) {
        return pairs.stream().filter(p -> p.id() == id).findFirst().map(Pair::value);
    }

    /** A name pair's value as text. */
    public Optional<String> name(int id) {
        return get(id).map(v -> new String(v, StandardCharsets.UTF_16LE));
    }

    /** MsvAvTimestamp, when present and 8 bytes long. */
    public Optional<Long> timestamp() {
        return get(MSV_AV_TIMESTAMP).filter(v -> v.length == 8).map(v -> {
            long t = 0;
            for (int i = 7; i >= 0; i--) {
                t = t << 8 | (v[i] & 0xff);
            }
            return t;
        });
    }

    /** MsvAvFlags, 0 when absent or not 4 bytes long. */
    public int flags() {
        return get(MSV_AV_FLAGS).filter(v -> v.length == 4)
                .map(v -> (v[0] & 0xff) | (v[1] & 0xff) << 8 | (v[2] & 0xff) << 16 | (v[3] & 0xff) << 24).orElse(0);
    }
}
