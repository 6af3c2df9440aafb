package org.postern.auth.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's side of SCRAM-SHA-256 written from RFC 5802 section 3 on the JDK's own PBKDF2
 * (not the server's code), for ASCII passwords: builds the client-final-message for a
 * server-first-message and checks the server's signature.
 */
final class ScramTestClient {

    private final String password;
    private final String gs2Header;
    private final String bare;
    private String authMessage;
    private byte[] saltedPassword;

    ScramTestClient(String gs2Header, String username, String clientNonce, String password) {
        this.gs2Header = gs2Header;
        this.bare = "n=" + username + ",r=" + clientNonce;
        this.password = password;
    }

    byte[] first() {
        return (gs2Header + bare).getBytes(StandardCharsets.UTF_8);
    }

    /** The client-final-message for this server-first-message, with this channel binding and nonce (normally the server's). */
    byte[] last(byte[] serverFirst, String channelBinding, String nonce) throws Exception {
        Map<Character, String> a = attributes(new String(serverFirst, StandardCharsets.US_ASCII));
        byte[] salt = Base64.getDecoder().decode(a.get('s'));
        int iterations = Integer.parseInt(a.get('i'));
        saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(channelBinding.getBytes(StandardCharsets.UTF_8))
                + ",r=" + nonce;
        authMessage = bare + "," + new String(serverFirst, StandardCharsets.US_ASCII) + "," + withoutProof;
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** The normal client-final-message: the GS2 header as channel binding, the server's nonce. */
    byte[] last(byte[] serverFirst) throws Exception {
        return last(serverFirst, gs2Header, attributes(new String(serverFirst, StandardCharsets.US_ASCII)).get('r'));
    }

    /** What the server-final-message must be. */
    String expectedServerFinal() throws Exception {
        return "v=" + Base64.getEncoder().encodeToString(hmac(hmac(saltedPassword, "Server Key"), authMessage));
    }

    static Map<Character, String> attributes(String message) {
        Map<Character, String> out = new HashMap<>();
        for (String part : message.split(",")) {
            out.put(part.charAt(0), part.substring(2));
        }
        return out;
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
