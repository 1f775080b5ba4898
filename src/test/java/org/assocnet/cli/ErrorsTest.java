package org.assocnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.assocnet.core.UserException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The exit-code mapping of {@link Errors}: every I/O failure of the environment is a one-line user error naming the file. */
class ErrorsTest {
    static CommandLine parsed(String... args) {
        CommandLine cl = Main.commandLine(new Main());
        CommandLine.ParseResult pr = cl.parseArgs(args);
        return pr.subcommand().commandSpec().commandLine();
    }

    @Test
    void ioFailuresAreUserErrorsNamingTheFile() {
        CommandLine glm = parsed("glm", "--cohort", "c", "--out", "res/g");
        assertEquals("/data/x.tsv: permission denied", Errors.userMessage(new AccessDeniedException("/data/x.tsv"), glm));
        assertEquals("/data/x.tsv: no such file or directory", Errors.userMessage(new NoSuchFileException("/data/x.tsv"), glm));
        assertEquals("/data/x.tsv: Read-only file system",
                Errors.userMessage(new FileSystemException("/data/x.tsv", null, "Read-only file system"), glm));
        // a full disk: the JDK names no file; the message names the outputs
        assertEquals("--out res/g: no space left on device while writing the outputs",
                Errors.userMessage(new IOException("No space left on device"), glm));
        // wrapped, as DL4J and streams do
        assertEquals("/m/fold-0.zip: permission denied",
                Errors.userMessage(new RuntimeException(new UncheckedIOException(new AccessDeniedException("/m/fold-0.zip"))), glm));
        assertEquals("x: bad", Errors.userMessage(new RuntimeException(new UserException("x: bad")), glm));
    }

    @Test
    void bugsStayBugs() {
        CommandLine glm = parsed("glm", "--cohort", "c", "--out", "g");
        assertNull(Errors.userMessage(new NullPointerException(), glm));
        assertNull(Errors.userMessage(new IllegalStateException("x", new ArithmeticException()), glm));
    }
}
