/// Adj-RIB-Out of one peer for one address family (RFC 4271 §3.2, §9.2): what the peer has
/// been sent, and the changes not sent yet. Pending state is per prefix and the latest change
/// wins, so a slow peer costs at most one pending entry per prefix, never a queue of messages;
/// UPDATEs are built only when the speaker pulls them (`UpdatePacking`).
import BGPWire
import NetCore

/// A change waiting to be sent for one prefix.
enum PendingChange: Hashable, Sendable {
    case announce(AttributeHandle)
    case withdraw
}

/// Where an RFC 7313 enhanced route refresh stands for this family.
enum RefreshPhase: Hashable, Sendable {
    case idle
    /// BoRR goes out before anything else of the family.
    case beginning
    /// EoRR goes out once the family's pending changes are sent.
    case inProgress
}

/// One peer's Adj-RIB-Out for prefix type `P`. Every handle held (advertised or pending) owns
/// one reference in the attribute table.
struct AdjRIBOut<P: RoutablePrefix>: Sendable {
    /// Attributes last sent per prefix.
    private(set) var advertised: [P: AttributeHandle] = [:]
    /// The latest unsent change per prefix.
    private(set) var pending: [P: PendingChange] = [:]
    /// Pending announcements grouped by attribute set, for packing.
    var announcements: [AttributeHandle: Set<P>] = [:]
    /// Pending withdrawals.
    var withdrawals: Set<P> = []
    /// RFC 4724 §2: End-of-RIB goes out once the initial table is sent.
    var endOfRIBPending = false
    var refresh: RefreshPhase = .idle

    var hasPendingRoutes: Bool { !pending.isEmpty }
    var hasPendingMessages: Bool { !pending.isEmpty || endOfRIBPending || refresh != .idle }

    /// Records that `prefix` should be exported with `export` (nil: not at all). Takes over the
    /// caller's reference to `export`. Nothing is pending when that is what the peer already has.
    mutating func stage(_ prefix: P, export: AttributeHandle?, table: inout AttributeTable) {
        dropPending(prefix, table: &table)
        guard export != advertised[prefix] else {
            if let export { table.release(export) }
            return
        }
        if let export {
            pending[prefix] = .announce(export)
            announcements[export, default: []].insert(prefix)
        } else {
            pending[prefix] = .withdraw
            withdrawals.insert(prefix)
        }
    }

    /// Route refresh (RFC 2918 §4): every advertised prefix without a newer pending change is
    /// announced again.
    mutating func stageResendAll(table: inout AttributeTable) {
        for (prefix, handle) in advertised where pending[prefix] == nil {
            table.retain(handle)
            pending[prefix] = .announce(handle)
            announcements[handle, default: []].insert(prefix)
        }
    }

    /// Forgets everything (session down), releasing every reference.
    mutating func reset(table: inout AttributeTable) {
        for (_, h) in advertised { table.release(h) }
        for (_, change) in pending { if case .announce(let h) = change { table.release(h) } }
        self = AdjRIBOut()
    }

    /// Removes the pending change of `prefix`, releasing its reference.
    private mutating func dropPending(_ prefix: P, table: inout AttributeTable) {
        guard let old = pending.removeValue(forKey: prefix) else { return }
        switch old {
        case .withdraw:
            withdrawals.remove(prefix)
        case .announce(let h):
            announcements[h]?.remove(prefix)
            if announcements[h]?.isEmpty == true { announcements[h] = nil }
            table.release(h)
        }
    }

    /// `prefixes` were sent announced with `handle`: they become advertised.
    mutating func markAnnounced(_ prefixes: [P], handle: AttributeHandle, table: inout AttributeTable) {
        for p in prefixes {
            pending[p] = nil
            announcements[handle]?.remove(p)
            if let old = advertised.updateValue(handle, forKey: p) { table.release(old) }
        }
        if announcements[handle]?.isEmpty == true { announcements[handle] = nil }
    }

    /// `prefixes` were sent withdrawn.
    mutating func markWithdrawn(_ prefixes: [P], table: inout AttributeTable) {
        for p in prefixes {
            pending[p] = nil
            withdrawals.remove(p)
            if let old = advertised.removeValue(forKey: p) { table.release(old) }
        }
    }
}
