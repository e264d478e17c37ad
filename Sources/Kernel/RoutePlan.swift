/// `RoutePlan`: the pure diff between the routes Swiftlet wants and the routes of its own
/// protocol the kernel has (or is believed to have). Additions and replacements come before
/// deletions (make before break); a route already right produces no change at all. The tables
/// plan with `RouteTableState.plan`, the same rules over interned routes; `RouteTableStateTests`
/// holds it to this reference.
import NetlinkWire

public struct RoutePlan: Hashable, Sendable {
    public private(set) var changes: [RouteChange] = []

    /// `desired` and `current` are keyed by `RouteKey`; `keep` are keys that must not be
    /// deleted although not desired (their desired route could not be resolved this time).
    public init(desired: [RouteKey: Route], current: [RouteKey: Route], keep: Set<RouteKey> = []) {
        var writes: [RouteChange] = []
        for key in desired.keys.sorted() {
            guard let wanted = desired[key] else { continue }
            if let present = current[key] {
                if !wanted.isSatisfied(by: present) { writes.append(.replace(wanted)) }
            } else {
                writes.append(.add(wanted))
            }
        }
        var deletes: [RouteChange] = []
        for key in current.keys.sorted() where desired[key] == nil && !keep.contains(key) {
            if let stale = current[key] { deletes.append(.delete(stale)) }
        }
        changes = writes + deletes
    }

    public var isEmpty: Bool { changes.isEmpty }
}
