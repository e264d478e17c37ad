/// `KernelOptions`: how swiftletd programs the kernel's route table (`--kernel-table`,
/// `--route-protocol`, `--kernel-resync`, `--kernel-grace`; `--no-kernel` means no options at
/// all). Tests inject their own `RouteTable` and `TunnelDevices` (the in-memory ones).
import Kernel

public struct KernelOptions: Sendable {
    /// Routing table id (254, main, by default).
    public var table: UInt32
    /// rtm_protocol of every route swiftletd writes, and the only one it ever changes (201).
    public var routeProtocol: UInt8
    /// Seconds between periodic full resyncs (dump + repair).
    public var resyncInterval: Double
    /// Longest wait at start before stale routes of ours are removed, when BGP has not
    /// converged by then.
    public var grace: Double
    /// Changes are coalesced for this long before one apply.
    public var applyDelay: Double
    /// A peer counts as converged once Established this long with no route change for as long.
    public var settle: Double
    /// nil: a `NetlinkRouteTable` in the daemon's network namespace.
    public var routeTable: (any RouteTable)?
    /// nil: `NetlinkTunnelDevices` in the daemon's network namespace (`InMemoryTunnelDevices`
    /// when `routeTable` is injected, so a test never builds devices where it runs).
    public var tunnelDevices: (any TunnelDevices)?

    public static let defaultResyncInterval = 60.0
    public static let defaultGrace = 120.0

    public init(table: UInt32 = RouteTableConfiguration.mainTable,
                routeProtocol: UInt8 = 201,
                resyncInterval: Double = KernelOptions.defaultResyncInterval,
                grace: Double = KernelOptions.defaultGrace,
                applyDelay: Double = 0.05, settle: Double = 1.0,
                routeTable: (any RouteTable)? = nil, tunnelDevices: (any TunnelDevices)? = nil) {
        self.table = table; self.routeProtocol = routeProtocol; self.resyncInterval = resyncInterval
        self.grace = grace; self.applyDelay = applyDelay; self.settle = settle; self.routeTable = routeTable
        self.tunnelDevices = tunnelDevices
    }

    /// The route table configuration these options describe.
    public var configuration: RouteTableConfiguration {
        RouteTableConfiguration(routeProtocol: .init(routeProtocol), table: table)
    }
}
