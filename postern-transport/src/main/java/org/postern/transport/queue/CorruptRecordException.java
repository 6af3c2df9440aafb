package org.postern.transport.queue;

import java.io.IOException;

/**
 * A journal record that passed its checksum but does not make sense: written by a newer
 * format, or a bug. Recovery stops reading its segment there and says so in the log.
 */
final class CorruptRecordException extends IOException {

    CorruptRecordException(String message) {
        super(message);
    }
}
