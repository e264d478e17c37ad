/// A node address with its subnet length, as Calico writes `spec.bgp.ipv4Address: 10.0.0.1/24`.

import NetCore

public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var prefixLength: UInt8

    public init(address: IPAddress, prefixLength: UInt8) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// "a.b.c.d/len", "v6/len", or a bare address (full-length prefix).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        let maxLength: UInt8 = address.afi == .ipv4 ? 32 : 128
        if parts.count == 1 {
            self.init(address: address, prefixLength: maxLength)
            return
        }
        guard let length = UInt8(parts[1]), length <= maxLength else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// The subnet the address lives in (host bits cleared).
    public var subnet: IPPrefix? {
        switch address {
        case .v4(let a): IPv4Prefix(address: a, length: prefixLength).map(IPPrefix.v4)
        case .v6(let a): IPv6Prefix(address: a, length: prefixLength).map(IPPrefix.v6)
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
