package org.postern.clientaccess.pop3;

import java.util.Optional;
import org.postern.core.store.StoreError;
import org.postern.protocols.pop3.ResponseCode;

/**
 * The one mapper from the store's protocol-neutral errors to POP3 (style rule 8): a response
 * code of RFC 3206 (none where the failure is the client's) and a text for the client.
 */
final class StoreErrors {

    record Pop3Error(Optional<ResponseCode> code, String text) {
    }

    private StoreErrors() {
    }

    static Pop3Error map(StoreError error) {
        return switch (error) {
            case NOT_FOUND, EXPUNGED -> new Pop3Error(Optional.empty(), "Message was removed by another client");
            case TEMPORARY -> new Pop3Error(Optional.of(ResponseCode.SYS_TEMP), "Mailbox unavailable, try again later");
            case NO_QUOTA, TOO_BIG, NOT_ALLOWED, ALREADY_EXISTS, INVALID ->
                    new Pop3Error(Optional.of(ResponseCode.SYS_PERM), "Mailbox error");
        };
    }
}
