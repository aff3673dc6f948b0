package dev.logmon.core;

import java.util.Locale;

/** Command-line names of enums: the constant's name in lower case ({@code ARRIVAL} is {@code arrival}). */
final class EnumNames {
    private EnumNames() {
    }

    /** The lower-case name of a constant. */
    static String of(final Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose lower-case name is {@code name}, or null. */
    static <E extends Enum<E>> E parse(final E[] values, final String name) {
        for (final E e : values) {
            if (of(e).equals(name)) {
                return e;
            }
        }
        return null;
    }
}
