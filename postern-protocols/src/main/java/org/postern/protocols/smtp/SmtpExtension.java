package org.postern.protocols.smtp;

/**
 * The service extensions a Postern server can offer in its EHLO/LHLO reply (RFC 5321 section
 * 4.1.1.1, RFC 2033 section 4.1). The parser and {@link EhloCapabilities} take the same set of
 * enabled extensions, so what is advertised and what is accepted cannot drift apart.
 */
public enum SmtpExtension {
    /** RFC 2920. */
    PIPELINING("PIPELINING"),
    /** RFC 1870: {@code SIZE n}; enables the SIZE parameter of MAIL. */
    SIZE("SIZE"),
    /**
     * RFC 3207. Early in the list, never its last line, as Postfix and Exim have it: GNU SASL's
     * client recognises only a {@code 250-STARTTLS} line.
     */
    STARTTLS("STARTTLS"),
    /** RFC 6152: {@code BODY=8BITMIME}. */
    EIGHTBITMIME("8BITMIME"),
    /** RFC 6531: UTF-8 addresses; the SMTPUTF8 parameter of MAIL. */
    SMTPUTF8("SMTPUTF8"),
    /** RFC 2034. */
    ENHANCEDSTATUSCODES("ENHANCEDSTATUSCODES"),
    /** RFC 3030: BDAT. */
    CHUNKING("CHUNKING"),
    /** RFC 3030: {@code BODY=BINARYMIME}; offered only together with CHUNKING. */
    BINARYMIME("BINARYMIME"),
    /** RFC 3461: RET, ENVID, NOTIFY, ORCPT. */
    DSN("DSN"),
    /** RFC 4954: AUTH and the AUTH= parameter of MAIL. */
    AUTH("AUTH");

    private final String keyword;

    SmtpExtension(String keyword) {
        this.keyword = keyword;
    }

    /** The EHLO keyword (RFC 5321 section 4.1.1.1, ehlo-keyword). */
    public String keyword() {
        return keyword;
    }
}
