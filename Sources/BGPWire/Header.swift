/// The 19-byte message header of RFC 4271 §4.1: 16-byte marker of all ones, length, type.
public enum BGPHeader {
    public static let length = 19
    public static let markerLength = 16
    /// RFC 4271 §4: maximum message size without RFC 8654.
    public static let maxLength = 4096
    /// RFC 8654 §3: maximum once Extended Messages is negotiated.
    public static let extendedMaxLength = 65535
}

/// Message type codes (RFC 4271 §4.1, RFC 2918 for ROUTE-REFRESH).
public enum MessageType: UInt8, Sendable, CaseIterable {
    case open = 1
    case update = 2
    case notification = 3
    case keepalive = 4
    case routeRefresh = 5
}
