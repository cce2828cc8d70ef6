package org.bridgeway.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One committed transaction as the commit journal holds it: its sequence number and every write it made, each a
 * statement's SQL with the parameters it was executed with (one set per execution, several for a batch). Replaying
 * the writes in sequence order on the database as it was before them reproduces the transaction exactly, because
 * writing transactions run one at a time ({@link JournalledDataSource}).
 *
 * <p>Only what the gateway's statements bind can be recorded: strings, numbers, booleans, timestamps, dates, the
 * {@code java.time} types and nulls. Any other value is refused when it is bound, so that a statement the journal
 * could not replay never commits.
 */
record JournalRecord(long seq, List<Write> writes) {

    /** One write statement and the parameter sets it was executed with; none for a plain statement's SQL. */
    record Write(String sql, List<Object[]> parameterSets) {
    }

    /** A null parameter with the SQL type it was bound as. */
    record Null(int sqlType) {
    }

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte LONG = 2;
    private static final byte INT = 3;
    private static final byte BOOLEAN = 4;
    private static final byte TIMESTAMP = 5;
    private static final byte DATE = 6;
    private static final byte LOCAL_DATE = 7;
    private static final byte DOUBLE = 8;
    private static final byte BYTES = 9;
    private static final byte LOCAL_DATE_TIME = 10;
    private static final byte OFFSET_DATE_TIME = 11;
    private static final byte INSTANT = 12;
    private static final byte SHORT = 13;
    private static final byte DECIMAL = 14;

    /** Whether a statement changes rows, and so must be journalled: everything else is a read or a schema change. */
    static boolean isWrite(String sql) {
        String verb = firstWord(sql);
        return verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE") || verb.equals("MERGE")
                || verb.equals("TRUNCATE");
    }

    /** Whether a query takes row locks ({@code SELECT ... FOR UPDATE}): it starts a writing transaction. */
    static boolean locksRows(String sql) {
        return sql.toUpperCase(Locale.ROOT).contains("FOR UPDATE");
    }

    private static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /** The value a setter bound, as the journal can record it; refuses what it could not replay. */
    static Object recordable(String setter, Object[] args) throws SQLException {
        if (setter.equals("setNull")) {
            return new Null((Integer) args[1]);
        }
        Object value = args[1];
        boolean plain = args.length == 2;
        if (value == null && plain) {
            return new Null(java.sql.Types.NULL);
        }
        if (plain && (value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Boolean || value instanceof Timestamp || value instanceof Date
                || value instanceof LocalDate || value instanceof Double || value instanceof byte[]
                || value instanceof LocalDateTime || value instanceof OffsetDateTime || value instanceof Instant
                || value instanceof Short || value instanceof BigDecimal)) {
            return value instanceof byte[] bytes ? bytes.clone() : value;
        }
        throw new SQLFeatureNotSupportedException("the commit journal cannot record " + setter + " with "
                + (args.length - 1) + " argument(s) of type " + (value == null ? "null" : value.getClass().getName()));
    }

    /** The record's bytes: sequence number, then each write's SQL and parameter sets. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            out.writeInt(writes.size());
            for (Write w : writes) {
                writeString(out, w.sql());
                out.writeInt(w.parameterSets().size());
                for (Object[] parameters : w.parameterSets()) {
                    out.writeInt(parameters.length);
                    for (Object p : parameters) {
                        writeValue(out, p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static JournalRecord decode(ByteBuffer body) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body.array(),
                body.arrayOffset() + body.position(), body.remaining()));
        long seq = in.readLong();
        int count = in.readInt();
        List<Write> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sql = readString(in);
            int sets = in.readInt();
            List<Object[]> parameterSets = new ArrayList<>(sets);
            for (int s = 0; s < sets; s++) {
                Object[] parameters = new Object[in.readInt()];
                for (int p = 0; p < parameters.length; p++) {
                    parameters[p] = readValue(in);
                }
                parameterSets.add(parameters);
            }
            writes.add(new Write(sql, parameterSets));
        }
        return new JournalRecord(seq, writes);
    }

    /** Binds one recorded parameter set to a statement prepared from the same SQL. */
    static void bind(PreparedStatement ps, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            int index = i + 1;
            Object p = parameters[i];
            if (p == null) {
                continue; // never bound: the statement has no parameter there
            }
            if (p instanceof Null n) {
                ps.setNull(index, n.sqlType());
            } else if (p instanceof String v) {
                ps.setString(index, v);
            } else if (p instanceof Long v) {
                ps.setLong(index, v);
            } else if (p instanceof Integer v) {
                ps.setInt(index, v);
            } else if (p instanceof Short v) {
                ps.setShort(index, v);
            } else if (p instanceof Boolean v) {
                ps.setBoolean(index, v);
            } else if (p instanceof Timestamp v) {
                ps.setTimestamp(index, v);
            } else if (p instanceof Date v) {
                ps.setDate(index, v);
            } else if (p instanceof Double v) {
                ps.setDouble(index, v);
            } else if (p instanceof BigDecimal v) {
                ps.setBigDecimal(index, v);
            } else if (p instanceof byte[] v) {
                ps.setBytes(index, v);
            } else {
                ps.setObject(index, p); // the java.time types
            }
        }
    }

    private static void writeValue(DataOutputStream out, Object p) throws IOException {
        if (p == null) {
            out.writeByte(-1);
        } else if (p instanceof Null n) {
            out.writeByte(NULL);
            out.writeInt(n.sqlType());
        } else if (p instanceof String v) {
            out.writeByte(STRING);
            writeString(out, v);
        } else if (p instanceof Long v) {
            out.writeByte(LONG);
            out.writeLong(v);
        } else if (p instanceof Integer v) {
            out.writeByte(INT);
            out.writeInt(v);
        } else if (p instanceof Short v) {
            out.writeByte(SHORT);
            out.writeShort(v);
        } else if (p instanceof Boolean v) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(v);
        } else if (p instanceof Timestamp v) {
            out.writeByte(TIMESTAMP);
            out.writeLong(v.getTime());
            out.writeInt(v.getNanos());
        } else if (p instanceof Date v) {
            out.writeByte(DATE);
            out.writeLong(v.toLocalDate().toEpochDay());
        } else if (p instanceof LocalDate v) {
            out.writeByte(LOCAL_DATE);
            out.writeLong(v.toEpochDay());
        } else if (p instanceof Double v) {
            out.writeByte(DOUBLE);
            out.writeDouble(v);
        } else if (p instanceof BigDecimal v) {
            out.writeByte(DECIMAL);
            writeString(out, v.toString());
        } else if (p instanceof byte[] v) {
            out.writeByte(BYTES);
            out.writeInt(v.length);
            out.write(v);
        } else if (p instanceof LocalDateTime v) {
            out.writeByte(LOCAL_DATE_TIME);
            writeString(out, v.toString());
        } else if (p instanceof OffsetDateTime v) {
            out.writeByte(OFFSET_DATE_TIME);
            writeString(out, v.toString());
        } else if (p instanceof Instant v) {
            out.writeByte(INSTANT);
            out.writeLong(v.getEpochSecond());
            out.writeInt(v.getNano());
        } else {
            throw new IllegalArgumentException("not recordable: " + p.getClass().getName());
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case -1 -> null;
            case NULL -> new Null(in.readInt());
            case STRING -> readString(in);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case SHORT -> in.readShort();
            case BOOLEAN -> in.readBoolean();
            case TIMESTAMP -> {
                Timestamp t = new Timestamp(in.readLong());
                t.setNanos(in.readInt());
                yield t;
            }
            case DATE -> Date.valueOf(LocalDate.ofEpochDay(in.readLong()));
            case LOCAL_DATE -> LocalDate.ofEpochDay(in.readLong());
            case DOUBLE -> in.readDouble();
            case DECIMAL -> new BigDecimal(readString(in));
            case BYTES -> {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                yield b;
            }
            case LOCAL_DATE_TIME -> LocalDateTime.parse(readString(in));
            case OFFSET_DATE_TIME -> OffsetDateTime.parse(readString(in));
            case INSTANT -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            default -> throw new IOException("unknown value tag " + tag + " in a commit journal record");
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JournalRecord[seq=" + seq + ", writes=" + writes.stream().map(Write::sql).toList() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalRecord r && r.seq == seq && r.writes.size() == writes.size()
                && java.util.stream.IntStream.range(0, writes.size()).allMatch(i -> same(writes.get(i), r.writes.get(i)));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq);
    }

    private static boolean same(Write a, Write b) {
        return a.sql().equals(b.sql()) && a.parameterSets().size() == b.parameterSets().size()
                && java.util.stream.IntStream.range(0, a.parameterSets().size())
                        .allMatch(i -> Arrays.deepEquals(a.parameterSets().get(i), b.parameterSets().get(i)));
    }
}
