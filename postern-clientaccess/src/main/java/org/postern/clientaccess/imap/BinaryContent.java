package org.postern.clientaccess.imap;

import java.util.List;
import java.util.Optional;
import org.postern.protocols.imap.ContentTransferEncoding;
import org.postern.protocols.imap.MimeEntity;

/**
 * The octets of FETCH {@code BINARY[part]} (RFC 3516 section 4.1): the part's body with its
 * Content-Transfer-Encoding undone. {@code BINARY[]} is the whole message as stored; a part that
 * does not exist is empty, as for BODY[]; an encoding RFC 2045 does not define (or a body not
 * valid in its encoding) has no binary form — the command is answered {@code NO [UNKNOWN-CTE]}.
 */
final class BinaryContent {

    private BinaryContent() {
    }

    /** The decoded part; empty when its encoding cannot be undone. */
    static Optional<byte[]> of(byte[] message, List<Integer> part) {
        MimeEntity whole = MimeEntity.parse(message);
        if (part.isEmpty()) {
            return Optional.of(message);
        }
        Optional<MimeEntity> entity = whole.part(part);
        if (entity.isEmpty()) {
            return Optional.of(new byte[0]);
        }
        MimeEntity e = entity.get();
        return ContentTransferEncoding.decode(e.field("Content-Transfer-Encoding"), e.body());
    }

    /** True when the octets need a literal8 ({@code ~{n}}): they hold NUL (RFC 3516 section 4.1). */
    static boolean needsLiteral8(byte[] octets) {
        for (byte b : octets) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
