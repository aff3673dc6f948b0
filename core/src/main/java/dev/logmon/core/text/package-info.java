/**
 * Small text helpers used by every stage: making untrusted log text safe for a terminal or an
 * error message ({@link dev.logmon.core.text.TextSafety}) and the lower-case names of enums shown
 * to users ({@link dev.logmon.core.text.EnumNames}). Depends on nothing else in logmon.
 */
package dev.logmon.core.text;
