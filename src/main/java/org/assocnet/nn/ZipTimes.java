package org.assocnet.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Rewrites a zip file with one fixed entry time, so identical runs write byte-identical fold-K.zip files. */
final class ZipTimes {
    /** The DOS epoch: the earliest time a zip entry can hold. */
    static final LocalDateTime FIXED = LocalDateTime.of(1980, 1, 1, 0, 0);

    private ZipTimes() {}

    static void fix(Path zip) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".fix");
        try (InputStream fin = Files.newInputStream(zip);
                ZipInputStream in = new ZipInputStream(fin);
                OutputStream fout = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(fout)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                ZipEntry n = new ZipEntry(e.getName());
                n.setTimeLocal(FIXED);
                out.putNextEntry(n);
                in.transferTo(out);
                out.closeEntry();
            }
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
    }
}
