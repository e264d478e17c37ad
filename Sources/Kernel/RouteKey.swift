/// `RouteKey`: what identifies one route within a table and protocol, as the kernel sees it
/// (fib lookup key: destination and priority; tos is never set by Swiftlet).
import NetCore
import NetlinkWire

public struct RouteKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var destination: IPPrefix
    public var metric: UInt32

    public init(destination: IPPrefix, metric: UInt32) {
        self.destination = destination
        self.metric = metric
    }

    /// The key of a kernel route (a missing metric is the kernel's default).
    public init(_ route: Route) {
        destination = route.destination
        metric = route.metric ?? route.destination.defaultKernelMetric
    }

    public static func < (l: RouteKey, r: RouteKey) -> Bool { (l.destination, l.metric) < (r.destination, r.metric) }

    public var description: String { "\(destination) metric \(metric)" }
}
