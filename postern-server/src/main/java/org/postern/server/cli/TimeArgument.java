package org.postern.server.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/**
 * A point in time as an administrator types it: an ISO instant ({@code 2026-11-28T09:00:00Z}),
 * a date ({@code 2026-11-28}, midnight local time), or an age ({@code 90m}, {@code 4h},
 * {@code 2d}: that long ago).
 */
final class TimeArgument implements ITypeConverter<Instant> {

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");

    @Override
    public Instant convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher age = AGE.matcher(text);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return Instant.now().minus(d);
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value.trim()).atStartOfDay(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new CommandLine.TypeConversionException("not a time: '" + value
                        + "' (use 2026-11-28T09:00:00Z, 2026-11-28, or an age such as 4h or 2d)");
            }
        }
    }
}
