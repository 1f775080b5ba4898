package org.assocnet.genotype;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.assocnet.core.UserException;

/**
 * Decompresses a whole BGZF file through htslib's {@code bgzip -dc} (libdeflate, multi-threaded), which
 * inflates several times faster than java.util.zip. Used for whole-file reads when bgzip is on the PATH
 * (see {@link #onPath()}); a non-zero bgzip exit (truncated or corrupt input) is a user error.
 */
final class ExternalBgzipInputStream extends InputStream {
    private final Path path;
    private final Process proc;
    private final InputStream out;
    private final Path errFile;
    private boolean checked;

    ExternalBgzipInputStream(Path path, int threads) throws IOException {
        this.path = path;
        this.errFile = Files.createTempFile("assocnet-bgzip", ".err");
        // also when a caller drops the stream without closing it (an exception on the way out)
        errFile.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder("bgzip", "-dc", "-@", Integer.toString(Math.max(1, threads)), path.toString());
        pb.redirectError(errFile.toFile());
        this.proc = pb.start();
        proc.getOutputStream().close();
        this.out = proc.getInputStream();
    }

    private static volatile Boolean available;

    /** True when a working {@code bgzip} is on the PATH (checked once). */
    static boolean onPath() {
        Boolean a = available;
        if (a == null) {
            try {
                Process p = new ProcessBuilder("bgzip", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                a = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                a = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                a = false;
            }
            available = a;
        }
        return a;
    }

    private void checkExit() throws IOException {
        if (checked) return;
        checked = true;
        try {
            if (!proc.waitFor(60, TimeUnit.SECONDS)) throw new IOException("bgzip did not exit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (proc.exitValue() != 0) {
            String msg = Files.readString(errFile).strip().replace('\n', ' ');
            Files.deleteIfExists(errFile);
            throw new UserException(path + ": truncated or corrupt bgzip file (bgzip -d: " + msg + ")");
        }
    }

    @Override
    public int read() throws IOException {
        int c = out.read();
        if (c < 0) checkExit();
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int r = out.read(b, off, len);
        if (r < 0) checkExit();
        return r;
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            if (proc.isAlive()) proc.destroy();
            Files.deleteIfExists(errFile);
        }
    }
}
