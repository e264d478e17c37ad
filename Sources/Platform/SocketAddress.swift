/// `SocketAddress`: an IP address and port, converted to and from `sockaddr_in` /
/// `sockaddr_in6`. The `withMemoryRebound(to: sockaddr.self …)` dance lives here only.
import Glibc
import NetCore

/// An IPv4 or IPv6 transport address. An IPv4-mapped IPv6 address read from the kernel
/// (`::ffff:a.b.c.d`) is reported as the IPv4 address, so peers are matched by one form.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16
    /// IPv6 scope (interface index) for link-local addresses; 0 otherwise.
    public var scopeID: UInt32

    public init(_ address: IPAddress, port: UInt16, scopeID: UInt32 = 0) {
        self.address = address; self.port = port; self.scopeID = scopeID
    }

    /// The wildcard address of `family` (0.0.0.0 or ::) on `port`.
    public static func any(_ family: SocketFamily, port: UInt16) -> SocketAddress {
        switch family {
        case .ipv4: SocketAddress(.v4(.zero), port: port)
        case .ipv6: SocketAddress(.v6(.zero), port: port)
        }
    }

    public var family: SocketFamily {
        switch address {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }

    /// "192.0.2.1:179" or "[2001:db8::1]:179".
    public var description: String {
        switch address {
        case .v4(let a): "\(a):\(port)"
        case .v6(let a): scopeID == 0 ? "[\(a)]:\(port)" : "[\(a)%\(scopeID)]:\(port)"
        }
    }

    /// Calls `body` with this address as a `sockaddr` pointer and its length.
    public func withSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        var storage = sockaddr_storage()
        let length = fill(&storage)
        return try withUnsafePointer(to: &storage) { (pointer) throws(E) -> R in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(E) -> R in
                try body(sa, length)
            }
        }
    }

    /// Writes the `sockaddr_in` or `sockaddr_in6` form into `storage`; returns its length.
    private func fill(_ storage: inout sockaddr_storage) -> socklen_t {
        withUnsafeMutableBytes(of: &storage) { raw in
            switch address {
            case .v4(let a):
                var sin = sockaddr_in()
                sin.sin_family = sa_family_t(AF_INET)
                sin.sin_port = port.bigEndian
                sin.sin_addr = in_addr(s_addr: a.rawValue.bigEndian)
                raw.storeBytes(of: sin, as: sockaddr_in.self)
                return socklen_t(MemoryLayout<sockaddr_in>.size)
            case .v6(let a):
                var sin6 = sockaddr_in6()
                sin6.sin6_family = sa_family_t(AF_INET6)
                sin6.sin6_port = port.bigEndian
                sin6.sin6_scope_id = scopeID
                withUnsafeMutableBytes(of: &sin6.sin6_addr) { dst in
                    for (i, b) in a.bytes.enumerated() { dst[i] = b }
                }
                raw.storeBytes(of: sin6, as: sockaddr_in6.self)
                return socklen_t(MemoryLayout<sockaddr_in6>.size)
            }
        }
    }

    /// Reads an address the kernel filled in (accept, getsockname, getpeername); nil for a
    /// family other than AF_INET / AF_INET6.
    public init?(storage: sockaddr_storage) {
        var copy = storage
        let parsed: SocketAddress? = withUnsafeBytes(of: &copy) { raw in
            switch Int32(storage.ss_family) {
            case AF_INET:
                let sin = raw.loadUnaligned(as: sockaddr_in.self)
                let a = IPv4Address(rawValue: UInt32(bigEndian: sin.sin_addr.s_addr))
                return SocketAddress(.v4(a), port: UInt16(bigEndian: sin.sin_port))
            case AF_INET6:
                let sin6 = raw.loadUnaligned(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: sin6.sin6_addr) { Array($0) }
                guard let a = IPv6Address(bytes: bytes) else { return nil }
                let port = UInt16(bigEndian: sin6.sin6_port)
                if a.high == 0, a.low >> 32 == 0xFFFF {
                    let v4 = IPv4Address(rawValue: UInt32(truncatingIfNeeded: a.low))
                    return SocketAddress(.v4(v4), port: port)
                }
                return SocketAddress(.v6(a), port: port, scopeID: sin6.sin6_scope_id)
            default:
                return nil
            }
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Calls `body` with an empty `sockaddr_storage` for the kernel to fill in, then parses it.
    static func receiving(
        _ body: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) throws(SystemCallError) -> Void
    ) throws(SystemCallError) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { (pointer) throws(SystemCallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SystemCallError) in
                try body(sa, &length)
            }
        }
        return SocketAddress(storage: storage)
    }
}

/// The address family of a socket.
public enum SocketFamily: Hashable, Sendable, CustomStringConvertible {
    case ipv4, ipv6

    /// AF_INET or AF_INET6.
    public var rawValue: Int32 { self == .ipv4 ? AF_INET : AF_INET6 }

    public var description: String { self == .ipv4 ? "IPv4" : "IPv6" }
}
