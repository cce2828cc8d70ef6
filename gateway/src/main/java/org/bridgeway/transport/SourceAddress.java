package org.bridgeway.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The key failures are counted by: an IPv4 address as it is, an IPv6 address by its /64, because one host is
 * usually given a whole /64 and could otherwise change address at every attempt.
 */
public final class SourceAddress {
    public static final String UNKNOWN = "unknown";

    private SourceAddress() {
    }

    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9a-fA-F:.%]+");

    public static String of(String host) {
        if (host == null || host.isBlank()) {
            return UNKNOWN;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!ADDRESS_LITERAL.matcher(literal).matches()) {
            return literal; // not an address literal; never resolved here, so no DNS lookup happens
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: parsed, not looked up
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return prefix.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
