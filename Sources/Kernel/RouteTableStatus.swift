/// `RouteTableStatus`: a snapshot of a route table for `swiftletctl routes --kernel`: what is
/// programmed, what failed and why, and whether a full resync is pending.
import NetlinkWire

public struct RouteTableStatus: Hashable, Sendable {
    public var configuration: RouteTableConfiguration
    /// Routes of Swiftlet's protocol believed to be in the kernel, sorted by destination.
    public var programmed: [Route]
    /// Routes that could not be written, sorted by destination.
    public var failures: [RouteFailure]
    /// Set after netlink ENOBUFS or a lost reply: the next `apply()` does a full resync.
    public var needsResync: Bool
    /// How many full resyncs (dump and repair) have run.
    public var resyncCount: Int

    public init(configuration: RouteTableConfiguration, programmed: [Route], failures: [RouteFailure],
                needsResync: Bool, resyncCount: Int) {
        self.configuration = configuration
        self.programmed = programmed
        self.failures = failures
        self.needsResync = needsResync
        self.resyncCount = resyncCount
    }
}

/// What one `apply()` or `resync()` wrote.
public struct ApplyReport: Hashable, Sendable {
    public var added = 0
    public var replaced = 0
    public var deleted = 0
    /// Writes the kernel refused in this pass.
    public var failed = 0
    /// True when this pass dumped the kernel table first.
    public var resynced = false

    public init() {}

    public var writes: Int { added + replaced + deleted }
}
