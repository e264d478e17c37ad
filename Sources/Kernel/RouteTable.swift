/// `RouteTable`: the declarative kernel route table the daemon programs. State the desired
/// set (whole or per prefix), then `apply()` writes only what differs; `resync()` dumps the
/// kernel and repairs drift. Implementations own only routes of their configured protocol
/// and table. One route per prefix: setting a prefix again replaces its desired route.
import NetCore

public protocol RouteTable: AnyObject, Sendable {
    var configuration: RouteTableConfiguration { get }

    /// Replaces the whole desired set (a later entry for the same prefix wins).
    func setDesired(_ routes: [DesiredRoute])
    /// Adds or changes the desired route of one prefix.
    func set(_ route: DesiredRoute)
    /// Removes a prefix from the desired set.
    func remove(_ prefix: IPPrefix)
    /// The desired set, sorted by prefix.
    var desired: [DesiredRoute] { get }

    /// Reconciles the kernel with the desired set. The first call (and any call after an
    /// overrun) does a full resync; later calls write only deltas. Refused routes are recorded
    /// in `status.failures` and retried on the next apply; only a broken socket throws.
    @discardableResult func apply() throws(RouteTableError) -> ApplyReport
    /// Dumps the kernel's routes of our protocol and table, then repairs every difference.
    @discardableResult func resync() throws(RouteTableError) -> ApplyReport

    /// Marks the kernel state unknown: the next `apply()` dumps first. For the daemon's route
    /// listener when it sees ENOBUFS, or a periodic timer that prefers apply to resync.
    func scheduleResync()

    var status: RouteTableStatus { get }
}
