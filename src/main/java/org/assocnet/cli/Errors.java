package org.assocnet.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.assocnet.core.UserException;
import picocli.CommandLine;

/**
 * The one place where failures become exit codes: a {@link UserException} or any I/O failure of the
 * environment (a file that cannot be read or written, a missing or read-only directory, a full disk, a file
 * that is not text) is the user's to fix and exits 2 with one line naming the file; anything else is a bug (exit 1).
 */
final class Errors {
    private Errors() {}

    /** The one-line message for a user or system error, or null if {@code t} is a bug. */
    static String userMessage(Throwable ex, CommandLine cmd) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserException) return t.getMessage();
            if (t.getCause() == t) break;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UncheckedIOException u) t = u.getCause();
            if (t instanceof IOException io) return ioMessage(io, cmd);
            if (t.getCause() == t) break;
        }
        return null;
    }

    static String ioMessage(IOException e, CommandLine cmd) {
        if (e instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof NoSuchFileException a) {
            return a.getFile() + ": no such file or directory" + (a.getReason() == null ? "" : " (" + a.getReason() + ")");
        }
        if (e instanceof NotDirectoryException a) return a.getFile() + ": a path component is not a directory";
        if (e instanceof DirectoryNotEmptyException a) return a.getFile() + ": directory not empty";
        if (e instanceof FileAlreadyExistsException a) return a.getFile() + ": already exists";
        if (e instanceof FileSystemException a) {
            return (a.getFile() == null ? context(cmd) : a.getFile()) + (a.getOtherFile() == null ? "" : " -> " + a.getOtherFile())
                    + ": " + (a.getReason() == null ? e.getClass().getSimpleName() : a.getReason());
        }
        if (e instanceof FileNotFoundException) return e.getMessage(); // "PATH (reason)"
        if (e instanceof CharacterCodingException) return context(cmd) + ": an input file is not UTF-8 text (" + e + ")";
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("No space left on device")) return context(cmd) + ": no space left on device while writing the outputs";
        if (m.contains("Disk quota exceeded")) return context(cmd) + ": disk quota exceeded while writing the outputs";
        return context(cmd) + ": I/O error: " + m;
    }

    /** Names the files a command works on, for an I/O error that names none: "--out P", else the first path option. */
    private static String context(CommandLine cmd) {
        if (cmd == null || cmd.getParseResult() == null) return "assocnet";
        CommandLine.ParseResult pr = cmd.getParseResult();
        if (pr.hasMatchedOption("--out")) return "--out " + pr.matchedOptionValue("--out", (Object) "");
        for (CommandLine.Model.OptionSpec o : pr.matchedOptions()) {
            Object v = o.getValue();
            if (v != null) return o.longestName() + " " + v;
        }
        return "assocnet " + cmd.getCommandName();
    }
}
