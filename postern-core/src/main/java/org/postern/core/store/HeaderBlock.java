package org.postern.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a message's header block (RFC 5322 section 2.1: the fields up to and including the
 * first empty line) and no more: the store keeps it beside each message's content at append
 * ({@link MessageMetadata#headerBlock()}), since SEARCH of header fields, FETCH of
 * BODY[HEADER…] and ENVELOPE need only that, and the header of a 1 MiB message is a few hundred
 * octets. A message without an empty line is all header, as the IMAP server's MIME reader takes it.
 */
public final class HeaderBlock {

    private static final int CHUNK = 4096;

    private HeaderBlock() {
    }

    /** The octets of the header block, empty line included (everything, if it never ends). */
    public static byte[] read(InputStream in) throws IOException {
        byte[] all = new byte[CHUNK];
        int length = 0;
        int scanned = 0; // octets already looked at
        boolean lineStart = true;
        while (true) {
            if (length == all.length) {
                all = Arrays.copyOf(all, all.length * 2);
            }
            int n = in.read(all, length, all.length - length);
            if (n < 0) {
                return Arrays.copyOf(all, length);
            }
            length += n;
            for (int i = scanned; i < length; i++) {
                byte b = all[i];
                if (lineStart && b == '\n') {
                    return Arrays.copyOf(all, i + 1);
                }
                if (lineStart && b == '\r') {
                    if (i + 1 >= length) {
                        scanned = i; // look again when the next octet is here
                        break;
                    }
                    if (all[i + 1] == '\n') {
                        return Arrays.copyOf(all, i + 2);
                    }
                }
                lineStart = b == '\n';
                scanned = i + 1;
            }
        }
    }
}
