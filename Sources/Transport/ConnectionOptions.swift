/// `ConnectionOptions`: per-peer socket settings — source address, TCP MD5 key (RFC 2385),
/// hop limits (multihop TTL, or GTSM of RFC 5082) — and the connection's own limits
/// (connect timeout, write buffer marks, close timeout).
import NetCore

/// How a session uses the IP TTL (IPv6 hop limit).
public enum HopLimit: Hashable, Sendable, CustomStringConvertible {
    /// Leave the kernel's default TTL (typically 64); no check on received packets.
    case system
    /// Send with this TTL (eBGP directly connected: 1; eBGP multihop: the hop count).
    case ttl(UInt8)
    /// GTSM (RFC 5082 §3): send with TTL 255 and drop received packets with a TTL below
    /// 255 - (hops - 1). `hops` is 1 for a directly connected peer.
    case gtsm(hops: UInt8)

    /// The TTL to send with, nil for the kernel's default.
    public var outgoingTTL: UInt8? {
        switch self {
        case .system: nil
        case .ttl(let t): t
        case .gtsm: 255
        }
    }

    /// The smallest received TTL accepted (IP_MINTTL), nil when not checked.
    public var minimumIncomingTTL: UInt8? {
        guard case .gtsm(let hops) = self else { return nil }
        return 255 - (max(hops, 1) - 1)
    }

    public var description: String {
        switch self {
        case .system: "system TTL"
        case .ttl(let t): "TTL \(t)"
        case .gtsm(let hops): "GTSM \(hops) hop\(hops == 1 ? "" : "s")"
        }
    }
}

public struct ConnectionOptions: Hashable, Sendable {
    /// Bind the active connection to this local address (port chosen by the kernel).
    public var sourceAddress: IPAddress?
    /// TCP MD5 key (1...80 bytes, RFC 2385). For accepted connections the key comes from the
    /// listener (`Listener.setMD5Key`); here it is used for active connects.
    public var md5Key: [UInt8]?
    public var hopLimit: HopLimit
    /// Give up an active connect after this long. With an MD5 key a timeout most likely means a
    /// key mismatch (the peer's kernel drops badly signed SYNs without an answer).
    public var connectTimeout: Duration
    /// `send` of an UPDATE refuses to queue beyond this many unwritten bytes.
    public var highWaterMark: Int
    /// `.writable` is reported when the queue drains below this after having been at or above.
    public var lowWaterMark: Int
    /// How long `close(sending:)` waits for the NOTIFICATION to drain and the peer to close.
    public var closeTimeout: Duration

    public init(sourceAddress: IPAddress? = nil, md5Key: [UInt8]? = nil, hopLimit: HopLimit = .system,
                connectTimeout: Duration = .seconds(30),
                highWaterMark: Int = 256 * 1024, lowWaterMark: Int = 64 * 1024,
                closeTimeout: Duration = .seconds(3)) {
        self.sourceAddress = sourceAddress
        self.md5Key = md5Key
        self.hopLimit = hopLimit
        self.connectTimeout = connectTimeout
        // A whole extended message (RFC 8654, 65535 bytes) must always fit.
        self.highWaterMark = max(highWaterMark, 65535)
        self.lowWaterMark = min(max(lowWaterMark, 0), self.highWaterMark)
        self.closeTimeout = closeTimeout
    }
}
