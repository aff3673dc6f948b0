/**
 * {@code --where} filters: an expression compiled once at start into a tree of small predicates,
 * evaluated on each parsed line without allocating.
 *
 * <pre>
 *   "status&gt;=500 and not host=10.0.0.0/8"
 *        │  WhereCompiler (recursive descent; precedence not &gt; and &gt; or; errors carry a column)
 *        ▼
 *   AndPredicate ─┬─ StatusPredicate  (a table of the 1000 statuses)
 *                 └─ NotPredicate ── HostPredicate (CIDR masks precomputed; IPv4 and IPv6)
 *        │  LinePredicate#test(LogEvent), right after the parse, on the source's thread
 *        ▼
 *   matching lines go on as data; the others are counted as filtered
 * </pre>
 *
 * <p>Sits between {@code format} (it reads a parsed {@link dev.logmon.core.format.LogEvent}) and
 * {@code source} (whose {@code LinePublisher} applies it). A compiled tree holds scratch space:
 * compile one per thread.
 */
package dev.logmon.core.filter;
