/// `NetlinkRouteTable`: the real route table, over one NETLINK_ROUTE socket. The first apply
/// dumps the kernel (keeping only routes of our protocol and table), then writes what differs;
/// later applies write only deltas against what it last programmed; `resync()` dumps again to
/// repair drift. An overrun (ENOBUFS) schedules a full resync instead of guessing.
import NetCore
import NetlinkWire
import Synchronization

public final class NetlinkRouteTable: RouteTable {
    public let configuration: RouteTableConfiguration
    private let engine: Mutex<Engine>

    /// Over `transport` (a real socket, or a fake kernel in tests).
    public init(configuration: RouteTableConfiguration = RouteTableConfiguration(), transport: any NetlinkTransport) {
        self.configuration = configuration
        engine = Mutex(Engine(configuration: configuration, transport: transport))
    }

    /// Over a new NETLINK_ROUTE socket in the calling thread's network namespace.
    public convenience init(configuration: RouteTableConfiguration = RouteTableConfiguration()) throws(RouteTableError) {
        let transport = try RouteSocketTransport(receiveBufferBytes: configuration.receiveBufferBytes)
        self.init(configuration: configuration, transport: transport)
    }

    public func setDesired(_ routes: [DesiredRoute]) { engine.withLock { $0.state.setDesired(routes) } }
    public func set(_ route: DesiredRoute) { engine.withLock { $0.state.setDesired(route) } }
    public func remove(_ prefix: IPPrefix) { engine.withLock { $0.state.removeDesired(prefix) } }
    public var desired: [DesiredRoute] { engine.withLock { $0.state.sortedDesired } }
    public var status: RouteTableStatus { engine.withLock { $0.state.status() } }

    /// Marks the state unknown: the next `apply()` dumps first (the daemon calls this when its
    /// own route listener sees ENOBUFS).
    public func scheduleResync() { engine.withLock { $0.state.needsResync = true } }

    @discardableResult
    public func apply() throws(RouteTableError) -> ApplyReport {
        try engine.withLock { (e: inout Engine) throws(RouteTableError) -> ApplyReport in
            try e.run(fullDump: e.state.needsResync)
        }
    }

    @discardableResult
    public func resync() throws(RouteTableError) -> ApplyReport {
        try engine.withLock { (e: inout Engine) throws(RouteTableError) -> ApplyReport in try e.run(fullDump: true) }
    }
}

/// The mutable part, owned by the table's lock.
private struct Engine: Sendable {
    var state: RouteTableState
    var channel: NetlinkChannel
    var interfaces: [String: UInt32] = [:]

    init(configuration: RouteTableConfiguration, transport: any NetlinkTransport) {
        state = RouteTableState(configuration: configuration)
        channel = NetlinkChannel(transport: transport, timeoutMilliseconds: configuration.replyTimeoutMilliseconds)
    }

    /// One reconcile; an overrun in the middle marks the state unknown and retries once with
    /// a full dump.
    mutating func run(fullDump: Bool) throws(RouteTableError) -> ApplyReport {
        do {
            return try reconcile(fullDump: fullDump)
        } catch .overrun {
            state.needsResync = true
            return try reconcile(fullDump: true)
        }
    }

    private mutating func reconcile(fullDump: Bool) throws(RouteTableError) -> ApplyReport {
        var report = ApplyReport()
        if fullDump {
            state.needsResync = true
            interfaces = try channel.dumpInterfaces()
            state.adopt(dump: try channel.dumpRoutes())
            report.resynced = true
        } else if needsInterfaceRefresh {
            interfaces = try channel.dumpInterfaces()
        }
        let names = interfaces
        let plan = state.plan(index: { names[$0] })
        guard !plan.isEmpty else { return report }
        state.reserve(for: plan)
        let errors: [Int: NetlinkErrorReply]
        do {
            // The closure reads a snapshot of the state (copy-on-write: no copy) while the channel
            // writes; it ends with this block, before `record` mutates the state.
            let planned = state
            errors = try channel.write(count: plan.count, batchSize: planned.configuration.batchSize) { planned.change(plan[$0]) }
        } catch {
            // Which writes happened is unknown: find out by dumping next time.
            state.needsResync = true
            throw error
        }
        for (i, p) in plan.enumerated() {
            state.record(p, errno: errors[i]?.errno, extendedAck: errors[i]?.message, into: &report)
        }
        return report
    }

    /// True when a desired route names an interface not in the cache.
    private var needsInterfaceRefresh: Bool {
        state.anyDesiredKind { kind in kind.interfaceNames.contains { interfaces[$0] == nil } }
    }
}

extension DesiredRoute.Kind {
    /// Interface names a route of this kind refers to.
    var interfaceNames: [String] {
        switch self {
        case .blackhole: []
        case .device(.name(let n)): [n]
        case .device(.index): []
        case .via(let hops):
            hops.compactMap { if case .name(let n)? = $0.interface { n } else { nil } }
        }
    }
}
