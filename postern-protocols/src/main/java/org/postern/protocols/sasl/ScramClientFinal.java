package org.postern.protocols.sasl;

import java.util.Base64;
import java.util.Objects;

/**
 * The client-final-message of SCRAM (RFC 5802 sections 5.1 and 7):
 * {@code c=<base64 channel binding>,r=<nonce>[,<extensions>],p=<base64 ClientProof>}.
 *
 * @param channelBinding the decoded {@code c=} value: the GS2 header, then any channel binding data
 * @param nonce          the client's nonce with the server's appended
 * @param proof          the decoded ClientProof
 * @param withoutProof   the client-final-message-without-proof as sent, the end of the AuthMessage
 */
public record ScramClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {

    public ScramClientFinal {
        channelBinding = Objects.requireNonNull(channelBinding, "channelBinding").clone();
        Objects.requireNonNull(nonce, "nonce");
        proof = Objects.requireNonNull(proof, "proof").clone();
        Objects.requireNonNull(withoutProof, "withoutProof");
    }

    @Override
    public byte[] channelBinding() {
        return channelBinding.clone();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    public static ScramClientFinal parse(byte[] message) throws SaslFormatException {
        String text = SaslText.utf8(message, 0, message.length, "SCRAM client-final-message");
        int last = text.lastIndexOf(",p=");
        if (last < 0) {
            throw ScramClientFirst.malformed("no proof");
        }
        String withoutProof = text.substring(0, last);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            throw ScramClientFirst.malformed("client-final-message needs c= and r=");
        }
        byte[] binding = base64(attributes[0].substring(2), "channel binding");
        String nonce = attributes[1].substring(2);
        if (nonce.isEmpty() || !nonce.chars().allMatch(ScramClientFirst::printable)) {
            throw ScramClientFirst.malformed("nonce is not printable ASCII");
        }
        for (int i = 2; i < attributes.length; i++) {
            ScramClientFirst.extension(attributes[i]);
        }
        byte[] proof = base64(text.substring(last + 3), "proof");
        if (proof.length == 0) {
            throw ScramClientFirst.malformed("empty proof");
        }
        return new ScramClientFinal(binding, nonce, proof, withoutProof);
    }

    private static byte[] base64(String value, String field) throws SaslFormatException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ScramClientFirst.malformed(field + " is not base64");
        }
    }
}
