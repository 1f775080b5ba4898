package org.assocnet.cli;

import org.assocnet.core.Version;
import picocli.CommandLine;

/** Feeds {@code assocnet --version} from {@link Version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Version.get()};
    }
}
