package org.netspec.cli;

import org.netspec.analysis.Profile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The counting profile of every command that prints MACs. */
final class ProfileOption {
    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "standard", converter = ByName.class,
            description = "counting convention: standard (default) or edgenets (the ESPNet authors' counter)")
    Profile profile;

    /** Reads a profile by its id; an unknown id is a usage error naming the known ones. */
    static final class ByName implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String id) {
            return Profile.named(id).orElseThrow(() -> new TypeConversionException("unknown profile `" + id
                    + "`; expected standard or edgenets"));
        }
    }
}
