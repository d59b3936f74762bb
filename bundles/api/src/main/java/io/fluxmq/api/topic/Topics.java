package io.fluxmq.api.topic;

import io.fluxmq.api.topic.InvalidTopicException.Reason;

/** Rules shared by topic names and filters. */
final class Topics {
    static final int MAX_UTF8_LENGTH = 65_535;

    private Topics() {
    }

    /**
     * Checks what names and filters have in common: non-empty, encodable as UTF-8 within the
     * maximum length, no U+0000. Single pass, no allocation.
     */
    static void checkCommon(String text) {
        if (text.isEmpty()) {
            throw new InvalidTopicException(Reason.EMPTY, text, "topic must not be empty");
        }
        int utf8 = 0;
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new InvalidTopicException(Reason.NULL_CHARACTER, text, "topic contains U+0000");
            }
            if (c < 0x80) {
                utf8 += 1;
            } else if (c < 0x800) {
                utf8 += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= len || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw new InvalidTopicException(Reason.MALFORMED_UTF16, text, "topic has an unpaired surrogate");
                }
                utf8 += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidTopicException(Reason.MALFORMED_UTF16, text, "topic has an unpaired surrogate");
            } else {
                utf8 += 3;
            }
        }
        if (utf8 > MAX_UTF8_LENGTH) {
            throw new InvalidTopicException(Reason.TOO_LONG, text, "topic is " + utf8 + " bytes of UTF-8, more than 65535");
        }
    }

    /** Splits on '/', keeping empty levels ("a//b" has three levels, "/a" two). */
    static String[] split(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                count++;
            }
        }
        String[] levels = new String[count];
        int start = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                levels[n++] = text.substring(start, i);
                start = i + 1;
            }
        }
        levels[n] = text.substring(start);
        return levels;
    }
}
