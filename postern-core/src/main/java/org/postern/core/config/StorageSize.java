package org.postern.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of octets as an administrator writes it, in postern.yaml ({@code store.quota}) and on
 * the command line ({@code postern user quota}): a whole number with an optional binary unit,
 * {@code 2GiB}, {@code 500 MiB}, {@code 64KiB}, {@code 1TiB}, {@code 1048576} or {@code 1048576B}.
 * Decimal units ({@code GB}) are refused rather than guessed at.
 */
public final class StorageSize {

    private static final Pattern FORM = Pattern.compile("(\\d{1,19})\\s*(B|KiB|MiB|GiB|TiB)?");
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private StorageSize() {
    }

    /** The octets {@code text} names; {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (a whole number with B, KiB, MiB, GiB or TiB): '" + text + "'");
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        try {
            long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'", e);
        }
    }

    /** {@code octets} in the largest binary unit that divides it ({@code 2 GiB}), else in octets ({@code 1500 B}). */
    public static String format(long octets) {
        for (int i = UNITS.length - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (octets != 0 && octets % unit == 0) {
                return String.format(Locale.ROOT, "%d %s", octets / unit, UNITS[i]);
            }
        }
        return octets + " B";
    }
}
