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
        Kind kind = plain ? Kind.of(value) : null;
        if (kind != null) {
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
            Kind.of(p).binder.bind(ps, index, p);
        }
    }

    private static void writeValue(DataOutputStream out, Object p) throws IOException {
        if (p == null) {
            out.writeByte(UNBOUND);
            return;
        }
        Kind kind = Kind.of(p);
        out.writeByte(kind.tag);
        kind.writer.write(out, p);
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        if (tag == UNBOUND) {
            return null;
        }
        for (Kind kind : Kind.ALL) {
            if (kind.tag == tag) {
                return kind.reader.read(in);
            }
        }
        throw new IOException("unknown value tag " + tag + " in a commit journal record");
    }

    /** A parameter the statement never had bound (there is none at that index). */
    private static final byte UNBOUND = -1;

    /**
     * Each kind of value the journal records, in one place: its tag in the file (never to be reused), how it is
     * written and read, and how it is bound again at replay.
     */
    private enum Kind {
        NULL(0, Null.class, (out, v) -> out.writeInt(((Null) v).sqlType()), in -> new Null(in.readInt()),
                (ps, i, v) -> ps.setNull(i, ((Null) v).sqlType())),
        STRING(1, String.class, (out, v) -> writeString(out, (String) v), JournalRecord::readString,
                (ps, i, v) -> ps.setString(i, (String) v)),
        LONG(2, Long.class, (out, v) -> out.writeLong((Long) v), DataInputStream::readLong,
                (ps, i, v) -> ps.setLong(i, (Long) v)),
        INT(3, Integer.class, (out, v) -> out.writeInt((Integer) v), DataInputStream::readInt,
                (ps, i, v) -> ps.setInt(i, (Integer) v)),
        BOOLEAN(4, Boolean.class, (out, v) -> out.writeBoolean((Boolean) v), DataInputStream::readBoolean,
                (ps, i, v) -> ps.setBoolean(i, (Boolean) v)),
        TIMESTAMP(5, Timestamp.class, (out, v) -> {
            out.writeLong(((Timestamp) v).getTime());
            out.writeInt(((Timestamp) v).getNanos());
        }, in -> {
            Timestamp t = new Timestamp(in.readLong());
            t.setNanos(in.readInt());
            return t;
        }, (ps, i, v) -> ps.setTimestamp(i, (Timestamp) v)),
        DATE(6, Date.class, (out, v) -> out.writeLong(((Date) v).toLocalDate().toEpochDay()),
                in -> Date.valueOf(LocalDate.ofEpochDay(in.readLong())), (ps, i, v) -> ps.setDate(i, (Date) v)),
        LOCAL_DATE(7, LocalDate.class, (out, v) -> out.writeLong(((LocalDate) v).toEpochDay()),
                in -> LocalDate.ofEpochDay(in.readLong()), PreparedStatement::setObject),
        DOUBLE(8, Double.class, (out, v) -> out.writeDouble((Double) v), DataInputStream::readDouble,
                (ps, i, v) -> ps.setDouble(i, (Double) v)),
        BYTES(9, byte[].class, (out, v) -> {
            out.writeInt(((byte[]) v).length);
            out.write((byte[]) v);
        }, in -> {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return b;
        }, (ps, i, v) -> ps.setBytes(i, (byte[]) v)),
        LOCAL_DATE_TIME(10, LocalDateTime.class, (out, v) -> writeString(out, v.toString()),
                in -> LocalDateTime.parse(readString(in)), PreparedStatement::setObject),
        OFFSET_DATE_TIME(11, OffsetDateTime.class, (out, v) -> writeString(out, v.toString()),
                in -> OffsetDateTime.parse(readString(in)), PreparedStatement::setObject),
        INSTANT(12, Instant.class, (out, v) -> {
            out.writeLong(((Instant) v).getEpochSecond());
            out.writeInt(((Instant) v).getNano());
        }, in -> Instant.ofEpochSecond(in.readLong(), in.readInt()), PreparedStatement::setObject),
        SHORT(13, Short.class, (out, v) -> out.writeShort((Short) v), DataInputStream::readShort,
                (ps, i, v) -> ps.setShort(i, (Short) v)),
        DECIMAL(14, BigDecimal.class, (out, v) -> writeString(out, v.toString()),
                in -> new BigDecimal(readString(in)), (ps, i, v) -> ps.setBigDecimal(i, (BigDecimal) v));

        private final byte tag;
        private final Class<?> type;
        private final Writer writer;
        private final Reader reader;
        private final Binder binder;

        Kind(int tag, Class<?> type, Writer writer, Reader reader, Binder binder) {
            this.tag = (byte) tag;
            this.type = type;
            this.writer = writer;
            this.reader = reader;
            this.binder = binder;
        }

        /** Read for every parameter of every write: {@code values()} would copy the array each time. */
        private static final Kind[] ALL = values();

        /** The kind of a value; null for a value the journal cannot record. */
        static Kind of(Object value) {
            for (Kind kind : ALL) {
                if (kind.type.isInstance(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out, Object value) throws IOException;
    }

    @FunctionalInterface
    private interface Reader {
        Object read(DataInputStream in) throws IOException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int index, Object value) throws SQLException;
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
