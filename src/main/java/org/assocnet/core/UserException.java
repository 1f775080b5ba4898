package org.assocnet.core;

/**
 * A problem with the user's input or options (a malformed file, a missing index, an option out of range).
 * Reported as one line on stderr with exit code 2. Bugs are any other exception.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Error at a position in an input file: "file:line: field 'x': message". */
    public static UserException at(Object file, long line, String field, String message) {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (field != null) sb.append("field '").append(field).append("': ");
        sb.append(message);
        return new UserException(sb.toString());
    }
}
