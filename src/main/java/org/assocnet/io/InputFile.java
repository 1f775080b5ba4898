package org.assocnet.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assocnet.core.UserException;

/** Checks an input path before it is read, with a message that says what is wrong with it. */
public final class InputFile {
    private InputFile() {}

    /** Throws a {@link UserException} unless {@code p} is a readable regular file; {@code what} names the expected content. */
    public static void require(Path p, String what) {
        if (Files.isRegularFile(p) && Files.isReadable(p)) return;
        if (!Files.exists(p)) throw new UserException(p + ": " + what + " not found");
        if (Files.isDirectory(p)) throw new UserException(p + ": is a directory, expected a " + what);
        if (!Files.isRegularFile(p)) throw new UserException(p + ": is not a regular file (a device, pipe or socket), expected a " + what);
        throw new UserException(p + ": permission denied (cannot read the " + what + ")");
    }

    /**
     * The error for a file that failed to decode as UTF-8: scans it line by line to name the first line that is
     * not valid UTF-8 (a reader decodes ahead, so the line it was on is not the bad one).
     */
    public static UserException notUtf8(Path p) {
        long line = 1;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p))) {
            java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
            java.nio.charset.CharsetDecoder dec = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
            int c;
            while (true) {
                c = in.read();
                if (c < 0 || c == '\n') {
                    try {
                        dec.reset().decode(java.nio.ByteBuffer.wrap(cur.toByteArray()));
                    } catch (java.nio.charset.CharacterCodingException e) {
                        return UserException.at(p, line, null, "not UTF-8 text; convert the file to UTF-8 (e.g. iconv -f cp1252 -t utf-8)");
                    }
                    if (c < 0) break;
                    cur.reset();
                    line++;
                } else {
                    cur.write(c);
                }
            }
        } catch (java.io.IOException e) {
            // fall through to the message without a line
        }
        return new UserException(p + ": not UTF-8 text; convert the file to UTF-8 (e.g. iconv -f cp1252 -t utf-8)");
    }
}
