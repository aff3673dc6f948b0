package dev.logmon.core.filter;

/** A {@code --where} expression that cannot be compiled, with the 1-based column of the problem. */
public final class WhereException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int column;

    /**
     * @param problem what is wrong, without the column
     * @param column  1-based column in the expression
     */
    public WhereException(final String problem, final int column) {
        super(problem + " at column " + column);
        this.column = column;
    }

    /** The 1-based column of the problem. */
    public int column() {
        return column;
    }
}
