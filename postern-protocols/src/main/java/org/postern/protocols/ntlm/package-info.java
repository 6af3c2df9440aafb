/**
 * The NTLM authentication protocol's messages as MS-NLMP section 2.2 lays them out, for the
 * SASL NTLM mechanism of SMTP ([MS-SMTPNTLM]), IMAP and POP3 as Exchange offers them:
 * {@link org.postern.protocols.ntlm.NegotiateMessage}, {@link org.postern.protocols.ntlm.ChallengeMessage},
 * {@link org.postern.protocols.ntlm.AuthenticateMessage}, the NTLMv2 response
 * ({@link org.postern.protocols.ntlm.NtlmV2Response}) and the AV pairs of target information
 * ({@link org.postern.protocols.ntlm.AvPairs}). Parse and serialize only: no keys, no hashes, no
 * policy. Every parser bounds-checks each field against the message and throws
 * {@link org.postern.protocols.ntlm.NtlmFormatException}, never an unchecked exception.
 */
package org.postern.protocols.ntlm;
