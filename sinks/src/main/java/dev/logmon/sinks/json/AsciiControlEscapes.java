package dev.logmon.sinks.json;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;

/**
 * JSON's standard escapes plus DEL (0x7F), which JSON allows raw but which is a control
 * character all the same. With {@code ESCAPE_NON_ASCII} this leaves only printable ASCII in the
 * output.
 */
final class AsciiControlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] asciiEscapes;

    AsciiControlEscapes() {
        asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
        asciiEscapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(final int ch) {
        return null; // only standard escapes are used
    }
}
