package org.postern.directory;

import java.util.Locale;
import org.postern.core.address.DomainName;
import org.postern.core.address.EmailAddress;
import org.postern.core.address.InvalidAddressException;
import org.postern.core.directory.DirectoryException;
import org.postern.core.directory.DirectoryException.Reason;

/** Checks what an administrator typed, refusing it with {@link Reason#INVALID} and a one-line message. */
final class AdminInput {

    /** Longest display name kept. */
    static final int MAX_DISPLAY_NAME = 256;
    /** Longest password accepted, in UTF-16 code units. */
    static final int MAX_PASSWORD = 1024;

    private AdminInput() {
    }

    static EmailAddress address(String text) {
        try {
            return EmailAddress.parse(text == null ? "" : text.strip());
        } catch (InvalidAddressException e) {
            throw new DirectoryException(Reason.INVALID, e.getMessage());
        }
    }

    static String domain(String text) {
        try {
            return DomainName.normalize(text == null ? "" : text.strip());
        } catch (InvalidAddressException e) {
            throw new DirectoryException(Reason.INVALID, e.getMessage());
        }
    }

    /** The display name as it will be kept; null or blank becomes the address's local part. */
    static String displayName(String text, EmailAddress address) {
        if (text == null || text.isBlank()) {
            return address.localPart();
        }
        String name = text.strip();
        if (name.length() > MAX_DISPLAY_NAME) {
            throw new DirectoryException(Reason.INVALID, "display name longer than " + MAX_DISPLAY_NAME + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new DirectoryException(Reason.INVALID, "display name has a control character");
        }
        return name;
    }

    /** Checks a new password's length (its content is the administrator's business). */
    static void password(char[] password) {
        if (password == null || password.length == 0) {
            throw new DirectoryException(Reason.INVALID, "password is empty");
        }
        if (password.length > MAX_PASSWORD) {
            throw new DirectoryException(Reason.INVALID, "password longer than " + MAX_PASSWORD + " characters");
        }
    }

    /** The key a login is looked up by: a canonical address if it is one, else the text in lower case. */
    static String login(String text) {
        String login = text.strip();
        try {
            return EmailAddress.parse(login).canonical();
        } catch (InvalidAddressException e) {
            return login.toLowerCase(Locale.ROOT);
        }
    }
}
