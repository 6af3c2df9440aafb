package org.postern.protocols.ntlm;

import java.util.ArrayList;
import java.util.List;

/**
 * The NegotiateFlags of MS-NLMP section 2.2.2.5, one bit each, as the {@code int} every message
 * carries (little-endian on the wire).
 */
public final class NegotiateFlags {

    /** A: strings in UTF-16LE. */
    public static final int UNICODE = 0x00000001;
    /** B: strings in the OEM character set. */
    public static final int OEM = 0x00000002;
    /** C: the server returns its TargetName. */
    public static final int REQUEST_TARGET = 0x00000004;
    /** D: session signing. */
    public static final int SIGN = 0x00000010;
    /** E: session sealing (confidentiality). */
    public static final int SEAL = 0x00000020;
    /** F: connectionless (datagram) NTLM. */
    public static final int DATAGRAM = 0x00000040;
    /** G: LAN Manager session key. */
    public static final int LM_KEY = 0x00000080;
    /** H: NTLM v1 session security (set by every client, v1 and v2). */
    public static final int NTLM = 0x00000200;
    /** J: an anonymous connection. */
    public static final int ANONYMOUS = 0x00000800;
    /** K: the NEGOTIATE message carries a domain name. */
    public static final int OEM_DOMAIN_SUPPLIED = 0x00001000;
    /** L: the NEGOTIATE message carries a workstation name. */
    public static final int OEM_WORKSTATION_SUPPLIED = 0x00002000;
    /** M: a signature is always present (dummy when not signing). */
    public static final int ALWAYS_SIGN = 0x00008000;
    /** N: TargetName is a domain name. */
    public static final int TARGET_TYPE_DOMAIN = 0x00010000;
    /** O: TargetName is a server name. */
    public static final int TARGET_TYPE_SERVER = 0x00020000;
    /** P: NTLM v2 session security (extended session security). */
    public static final int EXTENDED_SESSIONSECURITY = 0x00080000;
    /** Q: an identify-level token. */
    public static final int IDENTIFY = 0x00100000;
    /** R: an LMOWF-based session key. */
    public static final int REQUEST_NON_NT_SESSION_KEY = 0x00400000;
    /** S: TargetInfo is present in the CHALLENGE message. */
    public static final int TARGET_INFO = 0x00800000;
    /** T: the Version field is present. */
    public static final int VERSION = 0x02000000;
    /** U: 128-bit session key. */
    public static final int NEGOTIATE_128 = 0x20000000;
    /** V: an explicit session key exchange (EncryptedRandomSessionKey). */
    public static final int KEY_EXCH = 0x40000000;
    /** W: 56-bit encryption. */
    public static final int NEGOTIATE_56 = 0x80000000;

    private static final int[] BITS = {UNICODE, OEM, REQUEST_TARGET, SIGN, SEAL, DATAGRAM, LM_KEY, NTLM, ANONYMOUS,
        OEM_DOMAIN_SUPPLIED, OEM_WORKSTATION_SUPPLIED, ALWAYS_SIGN, TARGET_TYPE_DOMAIN, TARGET_TYPE_SERVER,
        EXTENDED_SESSIONSECURITY, IDENTIFY, REQUEST_NON_NT_SESSION_KEY, TARGET_INFO, VERSION, NEGOTIATE_128, KEY_EXCH,
        NEGOTIATE_56};
    private static final String[] NAMES = {"UNICODE", "OEM", "REQUEST_TARGET", "SIGN", "SEAL", "DATAGRAM", "LM_KEY",
        "NTLM", "ANONYMOUS", "OEM_DOMAIN_SUPPLIED", "OEM_WORKSTATION_SUPPLIED", "ALWAYS_SIGN", "TARGET_TYPE_DOMAIN",
        "TARGET_TYPE_SERVER", "EXTENDED_SESSIONSECURITY", "IDENTIFY", "REQUEST_NON_NT_SESSION_KEY", "TARGET_INFO",
        "VERSION", "128", "KEY_EXCH", "56"};

    private NegotiateFlags() {
    }

    /** Whether every bit of {@code flag} is set in {@code flags}. */
    public static boolean has(int flags, int flag) {
        return (flags & flag) == flag;
    }

    /** The flags' names, for logs ({@code UNICODE|NTLM|…}); unknown bits in hex. */
    public static String describe(int flags) {
        List<String> names = new ArrayList<>();
        int rest = flags;
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                names.add(NAMES[i]);
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            names.add(String.format("0x%08x", rest));
        }
        return String.join("|", names);
    }
}
