/// `RouteFailure`: a route the kernel refused (or that could not be built), with the errno, the
/// kernel's extended-ACK text and one line of text that names the route and says what to do.
import NetCore
import NetlinkWire

public struct RouteFailure: Hashable, Sendable, CustomStringConvertible {
    /// The route as Swiftlet tried to write it.
    public var route: Route
    /// "add", "replace", "delete" or "resolve" (an interface name that does not exist).
    public var operation: String
    /// Positive errno (ENETUNREACH = 101…); ENODEV for an unresolvable interface name.
    public var errno: Int32
    /// The kernel's NLMSGERR_ATTR_MSG, e.g. "Nexthop has invalid gateway".
    public var extendedAck: String?
    /// Human text naming the route, the errno, the kernel's explanation and a hint.
    public var message: String

    public init(route: Route, operation: String, errno: Int32, extendedAck: String?, detail: String? = nil) {
        self.route = route
        self.operation = operation
        self.errno = errno
        self.extendedAck = extendedAck
        var s = "\(operation) route \(route): \(ErrnoName.text(errno))"
        if let extendedAck, !extendedAck.isEmpty { s += ": \(extendedAck)" }
        if let detail { s += " (\(detail))" } else if let hint = ErrnoName.hint(errno, operation: operation) { s += " (\(hint))" }
        message = s
    }

    public var prefix: IPPrefix { route.destination }
    public var description: String { message }
}
