/// A BGP community as Calico writes it: standard "aa:nn" (RFC 1997) or large "a:b:c" (RFC 8092).

public enum BGPCommunity: Hashable, Sendable, CustomStringConvertible {
    case standard(UInt16, UInt16)
    case large(UInt32, UInt32, UInt32)

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 2:
            guard let a = UInt16(parts[0]), let b = UInt16(parts[1]) else { return nil }
            self = .standard(a, b)
        case 3:
            guard let a = UInt32(parts[0]), let b = UInt32(parts[1]), let c = UInt32(parts[2]) else { return nil }
            self = .large(a, b, c)
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .standard(let a, let b): "\(a):\(b)"
        case .large(let a, let b, let c): "\(a):\(b):\(c)"
        }
    }
}
