package org.postern.protocols.smtp;

/**
 * What {@link SmtpCommandParser} makes of a line: a typed {@link SmtpCommand}, or a
 * {@link CommandSyntaxError} carrying the reply to send. Switch over it exhaustively.
 */
public sealed interface CommandParseResult permits SmtpCommand, CommandSyntaxError {
}
