/// NetCore addresses in netlink form: network-order bytes and the AF_* family number.
import NetCore

extension IPAddress {
    /// From 4 or 16 network-order bytes; nil for any other size.
    public init?(wireBytes b: some Collection<UInt8>) {
        switch b.count {
        case 4:
            var v: UInt32 = 0
            for x in b { v = v << 8 | UInt32(x) }
            self = .v4(IPv4Address(rawValue: v))
        case 16:
            guard let a = IPv6Address(bytes: b) else { return nil }
            self = .v6(a)
        default:
            return nil
        }
    }

    /// AF_INET or AF_INET6.
    public var netlinkFamily: UInt8 {
        switch self {
        case .v4: AF.inet
        case .v6: AF.inet6
        }
    }
}

extension IPPrefix {
    /// AF_INET or AF_INET6.
    public var netlinkFamily: UInt8 {
        switch self {
        case .v4: AF.inet
        case .v6: AF.inet6
        }
    }

    /// The prefix's (masked) address.
    var netlinkAddress: IPAddress {
        switch self {
        case .v4(let p): .v4(p.address)
        case .v6(let p): .v6(p.address)
        }
    }

    /// Builds a prefix from a netlink family, address bytes (absent = all zero, e.g. a default
    /// route without RTA_DST) and length.
    static func fromNetlink(family: UInt8, address: IPAddress?, length: UInt8) throws(NetlinkDecodeError) -> IPPrefix {
        switch (family, address) {
        case (AF.inet, nil):
            guard let p = IPv4Prefix(address: .zero, length: length) else { throw .badPrefixLength(length) }
            return .v4(p)
        case (AF.inet, .v4(let a)?):
            guard let p = IPv4Prefix(address: a, length: length) else { throw .badPrefixLength(length) }
            return .v4(p)
        case (AF.inet6, nil):
            guard let p = IPv6Prefix(address: .zero, length: length) else { throw .badPrefixLength(length) }
            return .v6(p)
        case (AF.inet6, .v6(let a)?):
            guard let p = IPv6Prefix(address: a, length: length) else { throw .badPrefixLength(length) }
            return .v6(p)
        default:
            throw .unsupportedFamily(family)
        }
    }
}
