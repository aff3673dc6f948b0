package dev.logmon.fleet.lines;

import java.nio.charset.StandardCharsets;

/**
 * Takes the access-log line out of a shipper's JSON envelope: the string value of one field
 * ({@code message} for Vector and Filebeat; a dotted path such as {@code log.original} reaches
 * into nested objects), with its JSON escapes undone, written as UTF-8 into a buffer this object
 * reuses. No object per record: the scan walks the bytes once, skipping the other members.
 *
 * <pre>
 *   {"@timestamp":"...","message":"1.2.3.4 - - [..] \"GET /a HTTP/1.1\" 200 5","host":{"name":"web-1"}}
 *                                  └──────────── value(): 1.2.3.4 - - [..] "GET /a HTTP/1.1" 200 5
 * </pre>
 *
 * A record that is not a JSON object, or whose JSON breaks before the field is found, is
 * {@link #NOT_JSON}; an object without the field, or whose field is not a string, {@link #NO_FIELD};
 * a value longer than the limit, {@link #TOO_LONG}. The members after the field are not checked.
 * A {@code \\u} escape of a lone surrogate becomes U+FFFD. Confined to one thread.
 */
public final class JsonValueField {
    /** The record is not a JSON object (or breaks before the field). */
    public static final int NOT_JSON = -1;
    /** The object has no such field, or it is not a string. */
    public static final int NO_FIELD = -2;
    /** The value is longer than the limit. */
    public static final int TOO_LONG = -3;

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final byte[][] path;
    private final int maxBytes;
    private byte[] out;
    private byte[] key = new byte[64];
    private int keyLength;
    private byte[] in;
    private int pos;
    private int end;

    /**
     * @param field    the field name, or a dotted path into nested objects
     * @param maxBytes the longest value kept (longer ones are {@link #TOO_LONG})
     */
    public JsonValueField(final String field, final int maxBytes) {
        final String[] parts = field.split("\\.", -1);
        this.path = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            path[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        this.maxBytes = maxBytes;
        this.out = new byte[Math.min(maxBytes, 4096)];
    }

    /**
     * Finds the field in {@code bytes[offset, offset + length)}.
     *
     * @return the value's length in {@link #value()}, or {@link #NOT_JSON}, {@link #NO_FIELD}, {@link #TOO_LONG}
     */
    public int extract(final byte[] bytes, final int offset, final int length) {
        in = bytes;
        pos = offset;
        end = offset + length;
        try {
            return find(0);
        } finally {
            in = null;
        }
    }

    /** The bytes of the last value found (valid until the next {@link #extract}). */
    public byte[] value() {
        return out;
    }

    /** Looks for {@code path[depth]} in the object at {@link #pos}. */
    private int find(final int depth) {
        skipSpace();
        if (pos >= end || in[pos] != '{') {
            return NOT_JSON;
        }
        pos++;
        skipSpace();
        if (pos < end && in[pos] == '}') {
            return NO_FIELD;
        }
        while (true) {
            skipSpace();
            if (pos >= end || in[pos] != '"') {
                return NOT_JSON;
            }
            pos++;
            final int k = readKey();
            if (k < 0) {
                return k;
            }
            skipSpace();
            if (pos >= end || in[pos] != ':') {
                return NOT_JSON;
            }
            pos++;
            skipSpace();
            if (pos >= end) {
                return NOT_JSON;
            }
            if (keyIs(path[depth])) {
                if (depth == path.length - 1) {
                    if (in[pos] != '"') {
                        return NO_FIELD;
                    }
                    pos++;
                    return readValue();
                }
                if (in[pos] != '{') {
                    return NO_FIELD;
                }
                return find(depth + 1);
            }
            if (!skipValue()) {
                return NOT_JSON;
            }
            skipSpace();
            if (pos >= end) {
                return NOT_JSON;
            }
            if (in[pos] == '}') {
                return NO_FIELD;
            }
            if (in[pos] != ',') {
                return NOT_JSON;
            }
            pos++;
        }
    }

    private boolean keyIs(final byte[] name) {
        if (keyLength != name.length) {
            return false;
        }
        for (int i = 0; i < keyLength; i++) {
            if (key[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** A member name after its opening quote, unescaped into {@link #key}; its length or NOT_JSON. */
    private int readKey() {
        final byte[] value = out;
        out = key;
        final int n = unescape(Integer.MAX_VALUE);
        key = out;
        out = value;
        keyLength = Math.max(n, 0);
        return n;
    }

    /** The field's value after its opening quote, unescaped into {@link #out}. */
    private int readValue() {
        return unescape(maxBytes);
    }

    /**
     * Copies the string at {@link #pos} (after its opening quote) into {@link #out}, undoing
     * escapes, up to its closing quote; grows {@link #out} up to {@code limit} bytes.
     */
    private int unescape(final int limit) {
        int n = 0;
        while (pos < end) {
            final byte b = in[pos++];
            if (b == '"') {
                return n;
            }
            if (b != '\\') {
                if (n >= limit) {
                    return TOO_LONG;
                }
                n = put(n, b);
                continue;
            }
            if (pos >= end) {
                return NOT_JSON;
            }
            final byte e = in[pos++];
            final int c;
            switch (e) {
                case '"', '\\', '/' -> c = e;
                case 'b' -> c = '\b';
                case 'f' -> c = '\f';
                case 'n' -> c = '\n';
                case 'r' -> c = '\r';
                case 't' -> c = '\t';
                case 'u' -> c = -1;
                default -> {
                    return NOT_JSON;
                }
            }
            if (c >= 0) {
                if (n >= limit) {
                    return TOO_LONG;
                }
                n = put(n, (byte) c);
                continue;
            }
            int cp = hex4();
            if (cp < 0) {
                return NOT_JSON;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                // a high surrogate: with a low one after it, one code point; alone, U+FFFD
                if (pos + 6 <= end && in[pos] == '\\' && in[pos + 1] == 'u') {
                    final int save = pos;
                    pos += 2;
                    final int low = hex4();
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else {
                        pos = save;
                        cp = 0xFFFD;
                    }
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            final int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (n + bytes > limit) {
                return TOO_LONG;
            }
            n = putCodePoint(n, cp);
        }
        return NOT_JSON;
    }

    /** Four hex digits at {@link #pos} as a number, or -1. */
    private int hex4() {
        if (pos + 4 > end) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            final int d = Character.digit(in[pos + i], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        pos += 4;
        return v;
    }

    private int putCodePoint(int n, final int cp) {
        if (cp == 0xFFFD) {
            for (final byte r : REPLACEMENT) {
                n = put(n, r);
            }
        } else if (cp < 0x80) {
            n = put(n, (byte) cp);
        } else if (cp < 0x800) {
            n = put(n, (byte) (0xC0 | cp >> 6));
            n = put(n, (byte) (0x80 | cp & 0x3F));
        } else if (cp < 0x10000) {
            n = put(n, (byte) (0xE0 | cp >> 12));
            n = put(n, (byte) (0x80 | cp >> 6 & 0x3F));
            n = put(n, (byte) (0x80 | cp & 0x3F));
        } else {
            n = put(n, (byte) (0xF0 | cp >> 18));
            n = put(n, (byte) (0x80 | cp >> 12 & 0x3F));
            n = put(n, (byte) (0x80 | cp >> 6 & 0x3F));
            n = put(n, (byte) (0x80 | cp & 0x3F));
        }
        return n;
    }

    private int put(final int n, final byte b) {
        if (n == out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(16, out.length * 2));
        }
        out[n] = b;
        return n + 1;
    }

    private void skipSpace() {
        while (pos < end && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    /** Skips one value (string, number, literal, object, array); false when the JSON breaks. */
    private boolean skipValue() {
        if (pos >= end) {
            return false;
        }
        final byte b = in[pos];
        if (b == '"') {
            pos++;
            return skipString();
        }
        if (b == '{' || b == '[') {
            int depth = 0;
            while (pos < end) {
                final byte c = in[pos++];
                if (c == '"') {
                    if (!skipString()) {
                        return false;
                    }
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return true;
                    }
                }
            }
            return false;
        }
        final int start = pos;
        while (pos < end && in[pos] != ',' && in[pos] != '}' && in[pos] != ']' && in[pos] != ' '
                && in[pos] != '\t' && in[pos] != '\n' && in[pos] != '\r') {
            pos++;
        }
        return pos > start;
    }

    /** Skips a string after its opening quote. */
    private boolean skipString() {
        while (pos < end) {
            final byte c = in[pos++];
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                pos++;
            }
        }
        return false;
    }
}
