/// `InMemoryRouteTable`: the route table over a simulated kernel, for the daemon's unit
/// tests. Same planning and bookkeeping as `NetlinkRouteTable`; the "kernel" is a dictionary
/// that behaves like the FIB for the requests Swiftlet sends (EEXIST on an exclusive add,
/// ESRCH on deleting what is not there), can hold other protocols' routes, can be edited
/// behind the table's back (drift), can refuse chosen prefixes, and records every operation.
import NetCore
import NetlinkWire
import Synchronization

public final class InMemoryRouteTable: RouteTable {
    /// One request the table sent to the simulated kernel.
    public enum Operation: Hashable, Sendable, CustomStringConvertible {
        case dump
        case add(Route)
        case replace(Route)
        case delete(Route)

        public var description: String {
            switch self {
            case .dump: "dump"
            case .add(let r): "add \(r)"
            case .replace(let r): "replace \(r)"
            case .delete(let r): "delete \(r)"
            }
        }
    }

    /// A refusal the simulated kernel gives for one prefix.
    public struct Refusal: Hashable, Sendable {
        public var errno: Int32
        public var message: String?
        public init(errno: Int32, message: String? = nil) { self.errno = errno; self.message = message }
    }

    private struct Simulation: Sendable {
        var state: RouteTableState
        var kernel: [KernelKey: Route] = [:]
        var interfaces: [String: UInt32]
        var refusals: [IPPrefix: Refusal] = [:]
        var operations: [Operation] = []
    }

    /// The simulated FIB's key: table, destination, metric.
    private struct KernelKey: Hashable, Sendable {
        var table: UInt32
        var key: RouteKey
        init(_ r: Route) { table = r.table; key = RouteKey(r) }
    }

    public let configuration: RouteTableConfiguration
    private let simulation: Mutex<Simulation>

    public init(configuration: RouteTableConfiguration = RouteTableConfiguration(), interfaces: [String: UInt32] = [:]) {
        self.configuration = configuration
        simulation = Mutex(Simulation(state: RouteTableState(configuration: configuration), interfaces: interfaces))
    }

    // MARK: RouteTable

    public func setDesired(_ routes: [DesiredRoute]) { simulation.withLock { $0.state.setDesired(routes) } }
    public func set(_ route: DesiredRoute) { simulation.withLock { $0.state.setDesired(route) } }
    public func remove(_ prefix: IPPrefix) { simulation.withLock { $0.state.removeDesired(prefix) } }
    public var desired: [DesiredRoute] { simulation.withLock { $0.state.sortedDesired } }
    public var status: RouteTableStatus { simulation.withLock { $0.state.status() } }
    public func scheduleResync() { simulation.withLock { $0.state.needsResync = true } }

    @discardableResult
    public func apply() throws(RouteTableError) -> ApplyReport {
        simulation.withLock { Self.reconcile(&$0, fullDump: $0.state.needsResync) }
    }

    @discardableResult
    public func resync() throws(RouteTableError) -> ApplyReport {
        simulation.withLock { Self.reconcile(&$0, fullDump: true) }
    }

    // MARK: the simulated kernel

    /// Every route in the simulated kernel (all protocols and tables), sorted.
    public var kernelRoutes: [Route] {
        simulation.withLock { s in s.kernel.values.sorted { RouteKey($0) < RouteKey($1) } }
    }

    /// Adds or overwrites a route as another program (or an admin) would.
    public func kernelInsert(_ route: Route) { simulation.withLock { $0.kernel[KernelKey(route)] = route } }

    /// Deletes every kernel route to `destination` (of `protocol` when given), behind the
    /// table's back.
    public func kernelDelete(_ destination: IPPrefix, protocol p: RouteProtocol? = nil) {
        simulation.withLock { s in
            s.kernel = s.kernel.filter { $0.value.destination != destination || (p != nil && $0.value.protocol != p) }
        }
    }

    /// Makes the simulated kernel refuse writes for `prefix` (nil: accept again).
    public func refuse(_ prefix: IPPrefix, _ refusal: Refusal?) { simulation.withLock { $0.refusals[prefix] = refusal } }

    public func setInterfaces(_ interfaces: [String: UInt32]) { simulation.withLock { $0.interfaces = interfaces } }

    /// Operations since creation or the last `clearOperations()`.
    public var operations: [Operation] { simulation.withLock { $0.operations } }
    public func clearOperations() { simulation.withLock { $0.operations = [] } }

    // MARK: reconciling

    private static func reconcile(_ s: inout Simulation, fullDump: Bool) -> ApplyReport {
        var report = ApplyReport()
        if fullDump {
            s.operations.append(.dump)
            s.state.adopt(dump: Array(s.kernel.values))
            report.resynced = true
        }
        let names = s.interfaces
        let plan = s.state.plan(index: { names[$0] })
        s.state.reserve(for: plan)
        for p in plan {
            let change = s.state.change(p)
            let refusal = execute(change, in: &s)
            s.state.record(p, errno: refusal?.errno, extendedAck: refusal?.message, into: &report)
        }
        return report
    }

    /// Applies one request to the simulated FIB the way the kernel would.
    private static func execute(_ change: RouteChange, in s: inout Simulation) -> Refusal? {
        let route = change.route
        let key = KernelKey(route)
        switch change {
        case .add: s.operations.append(.add(route))
        case .replace: s.operations.append(.replace(route))
        case .delete: s.operations.append(.delete(route))
        }
        if let refusal = s.refusals[route.destination] { return refusal }
        switch change {
        case .add:
            if s.kernel[key] != nil { return Refusal(errno: ErrnoName.eexist) }
            s.kernel[key] = route
        case .replace:
            s.kernel[key] = route
        case .delete:
            guard let present = s.kernel[key], present.protocol == route.protocol else {
                return Refusal(errno: ErrnoName.esrch)
            }
            s.kernel[key] = nil
        }
        return nil
    }
}
