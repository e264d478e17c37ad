/// A BGPPeer's `peerIP`: an address with an optional port ("10.0.0.1", "10.0.0.1:1790",
/// "2001:db8::1", "[2001:db8::1]:1790").

import NetCore

public struct PeerAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var ip: IPAddress
    public var port: UInt16?

    public init(ip: IPAddress, port: UInt16? = nil) {
        self.ip = ip
        self.port = port
    }

    public init?(_ text: String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard let ip = IPv6Address(host), rest.hasPrefix(":"),
                  let port = UInt16(rest.dropFirst()), port > 0 else { return nil }
            self.init(ip: .v6(ip), port: port)
        } else if let ip = IPAddress(text) {
            self.init(ip: ip)
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let ip = IPv4Address(parts[0]),
                  let port = UInt16(parts[1]), port > 0 else { return nil }
            self.init(ip: .v4(ip), port: port)
        }
    }

    public var description: String {
        guard let port else { return ip.description }
        switch ip {
        case .v4: return "\(ip):\(port)"
        case .v6: return "[\(ip)]:\(port)"
        }
    }

    public static func < (l: PeerAddress, r: PeerAddress) -> Bool {
        (l.ip, l.port ?? 0) < (r.ip, r.port ?? 0)
    }
}
