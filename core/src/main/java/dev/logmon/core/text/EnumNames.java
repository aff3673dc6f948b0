package dev.logmon.core.text;

import java.util.Locale;

/** Command-line names of enums: the constant's name in lower case ({@code ARRIVAL} is {@code arrival}). */
public final class EnumNames {
    private EnumNames() {
    }

    /** The lower-case name of a constant. */
    public static String of(final Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose lower-case name is {@code name}, or null. */
    public static <E extends Enum<E>> E parse(final E[] values, final String name) {
        for (final E e : values) {
            if (of(e).equals(name)) {
                return e;
            }
        }
        return null;
    }
}
