/// Why a node's desired configuration cannot be computed.

public enum NodeConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownNode(String)

    public var description: String {
        switch self {
        case .unknownNode(let n): "no Node resource named \"\(n)\""
        }
    }
}
