package org.postern.core.address;

import java.net.IDN;
import java.util.Locale;

/**
 * Domain names as mail uses them (RFC 5321 section 2.3.5, RFC 1035 labels, IDNA for
 * internationalized names). Names are normalized to lower case; internationalized names keep
 * their Unicode form.
 */
public final class DomainName {

    private DomainName() {
    }

    /** Lower-cases and checks a domain name; throws {@link InvalidAddressException} if it is not one. */
    public static String normalize(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new InvalidAddressException("empty domain");
        }
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        name = name.toLowerCase(Locale.ROOT);
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("not a domain name: " + EmailAddress.printable(domain));
        }
        if (ascii.isEmpty() || ascii.length() > EmailAddress.MAX_DOMAIN) {
            throw new InvalidAddressException("not a domain name: " + EmailAddress.printable(domain));
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new InvalidAddressException("not a domain name: " + EmailAddress.printable(domain));
            }
        }
        return name;
    }
}
