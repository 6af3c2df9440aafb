package org.postern.clientaccess.imap;

import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.postern.protocols.imap.SequenceSet;

/**
 * The ESEARCH response of RFC 4731 section 3.1 (RFC 9051 section 7.3.4), one writer for every
 * command that answers with it (SEARCH, and SORT with RETURN: RFC 5267 section 3, ESORT):
 * {@code * ESEARCH (TAG "t") [UID] MIN n MAX n ALL set [MODSEQ n] COUNT n}. The numbers come in
 * the command's result order (ascending for SEARCH, the sort order for SORT): MIN and MAX are the
 * first and the last, ALL keeps the order. MIN, MAX and ALL are left out when nothing matched (RFC
 * 4731 section 3.1); the MODSEQ of RFC 7162 section 3.1.5 when the search had a MODSEQ key.
 */
final class EsearchResponse {

    /** The RETURN options this writer knows; SAVE is the caller's (RFC 5182). */
    static final List<String> OPTIONS = List.of("MIN", "MAX", "COUNT", "ALL", "SAVE");

    private EsearchResponse() {
    }

    /**
     * The response text after {@code * }.
     *
     * @param numbers sequence numbers or UIDs in the result order
     * @param modSeq  the highest mod-sequence of the matches, when the search asked for MODSEQ
     */
    static String of(String tag, boolean uid, List<String> options, List<Long> numbers, OptionalLong modSeq) {
        StringBuilder sb = new StringBuilder("ESEARCH (TAG \"").append(tag).append("\")");
        if (uid) {
            sb.append(" UID");
        }
        if (!numbers.isEmpty()) {
            if (options.contains("MIN")) {
                sb.append(" MIN ").append(numbers.getFirst());
            }
            if (options.contains("MAX")) {
                sb.append(" MAX ").append(numbers.getLast());
            }
            if (options.contains("ALL")) {
                sb.append(" ALL ").append(SequenceSet.compact(numbers));
            }
            if (modSeq.isPresent()) {
                sb.append(" MODSEQ ").append(modSeq.getAsLong());
            }
        }
        if (options.contains("COUNT")) {
            sb.append(" COUNT ").append(numbers.size());
        }
        return sb.toString();
    }

    /**
     * What RETURN (SAVE …) keeps as {@code $} (RFC 5182 section 2.4), from the matching UIDs in the
     * result order: with MIN and/or MAX but neither ALL nor COUNT, only those messages; otherwise
     * every match. Ascending, as a saved set is.
     */
    static List<Long> saved(List<String> options, List<Long> uids) {
        if (uids.isEmpty() || options.contains("ALL") || options.contains("COUNT")
                || !options.contains("MIN") && !options.contains("MAX")) {
            return uids.stream().sorted().toList();
        }
        TreeSet<Long> kept = new TreeSet<>();
        if (options.contains("MIN")) {
            kept.add(uids.getFirst());
        }
        if (options.contains("MAX")) {
            kept.add(uids.getLast());
        }
        return List.copyOf(kept);
    }
}
