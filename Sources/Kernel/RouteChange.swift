/// `RouteChange`: one write to the kernel that reconciling produced: add a missing route,
/// replace one of ours that differs, or delete one of ours that is no longer wanted.
import NetlinkWire

public enum RouteChange: Hashable, Sendable, CustomStringConvertible {
    case add(Route)
    case replace(Route)
    case delete(Route)

    public var route: Route {
        switch self {
        case .add(let r), .replace(let r), .delete(let r): r
        }
    }

    public var verb: String {
        switch self {
        case .add: "add"
        case .replace: "replace"
        case .delete: "delete"
        }
    }

    public var description: String { "\(verb) \(route)" }
}
