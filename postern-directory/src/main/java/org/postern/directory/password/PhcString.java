package org.postern.directory.password;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format, as the reference implementation and most
 * password libraries write it:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in Base64 without
 * padding (the PHC string format specification, and RFC 9106 for the parameters).
 *
 * @param settings the cost the hash was made with
 * @param salt     the random salt
 * @param hash     the derived bytes
 */
public record PhcString(Argon2Settings settings, byte[] salt, byte[] hash) {

    /** Argon2 version 1.3, the only one written or read. */
    public static final int VERSION = 0x13;

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=(\\d{1,3})\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{16,176})");

    public PhcString {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Reads a stored hash; throws {@link IllegalArgumentException} (without echoing the text) if it is not one. */
    public static PhcString parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) != VERSION) {
            throw new IllegalArgumentException("not an argon2id v=19 PHC string");
        }
        Argon2Settings settings;
        try {
            settings = new Argon2Settings(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argon2id parameter out of range");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new PhcString(settings, b64.decode(m.group(5)), b64.decode(m.group(6)));
    }

    /** Writes the PHC string. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=" + VERSION + "$m=" + settings.memoryKiB() + ",t=" + settings.iterations()
                + ",p=" + settings.parallelism() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhcString other && format().equals(other.format());
    }

    @Override
    public int hashCode() {
        return format().hashCode();
    }

    @Override
    public String toString() {
        return "PhcString[" + settings + "]";
    }
}
