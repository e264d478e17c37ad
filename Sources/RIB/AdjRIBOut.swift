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
    /// Attributes last sent per prefix (`PrefixTable`: 12-byte entries for IPv4).
    private(set) var advertised = PrefixTable<P, AttributeHandle>(filler: AttributeHandle(rawValue: 0))
    /// The latest unsent change per prefix.
    private(set) var pending: [PrefixKey<P>: PendingChange] = [:]
    /// Pending announcements grouped by attribute set, for packing.
    var announcements: [AttributeHandle: Set<PrefixKey<P>>] = [:]
    /// The groups of `announcements` in the order they were made, from `announceHead` on; a
    /// handle whose group is gone (or made again later) is skipped when met. Packing takes
    /// groups in this order: taking them in the dictionary's bucket order and deleting them
    /// from the front left the back of the table ever fuller while the peer lagged, until
    /// every new group's insertion probed a cluster thousands of buckets long (the largest
    /// cost in the daemon's profile with the full table).
    var announceOrder: [AttributeHandle] = []
    var announceHead = 0
    /// Pending withdrawals.
    var withdrawals: Set<PrefixKey<P>> = []
    /// RFC 4724 §2: End-of-RIB goes out once the initial table is sent.
    var endOfRIBPending = false
    var refresh: RefreshPhase = .idle

    var hasPendingRoutes: Bool { !pending.isEmpty }
    var hasPendingMessages: Bool { !pending.isEmpty || endOfRIBPending || refresh != .idle }

    /// Records that `prefix` should be exported with `export` (nil: not at all). Takes over the
    /// caller's reference to `export`. Nothing is pending when that is what the peer already has.
    mutating func stage(_ prefix: P, export: AttributeHandle?, table: inout AttributeTable) {
        stage(PrefixKey(prefix), export: export, table: &table)
    }

    ///
    /// `wasInLocRIB` false says the prefix had no best path before this change. The peer then
    /// has it advertised only while a withdrawal is still pending (every loss of the best path
    /// stages one, and only sending it removes the advertised entry), so without a pending
    /// entry the large `advertised` table is not probed: for a table arriving from scratch that
    /// is one cache miss per prefix less.
    mutating func stage(_ prefix: PrefixKey<P>, export: AttributeHandle?, wasInLocRIB: Bool = true,
                        table: inout AttributeTable) {
        let current: AttributeHandle?
        if advertised.isEmpty || (!wasInLocRIB && (pending.isEmpty || pending[prefix] == nil)) {
            assert(advertised[prefix] == nil, "AdjRIBOut: \(prefix.prefix) advertised without a best path or pending change")
            current = nil
        } else {
            current = advertised[prefix]
        }
        let unchanged = export == current
        let change: PendingChange? = unchanged ? nil : export.map { .announce($0) } ?? .withdraw
        // Swap the pending entry in one lookup; nothing to look up when nothing is pending.
        let old: PendingChange? = pending.isEmpty && change == nil ? nil : Self.exchange(&pending[prefix], change)
        if let old, old == change {
            // The same change again: it is already grouped; keep one reference.
            if case .announce(let h) = old { table.release(h) }
            return
        }
        if let old { unlink(prefix, old, table: &table) }
        switch change {
        case .announce(let h)?: addToGroup(h, prefix)
        case .withdraw?: withdrawals.insert(prefix)
        case nil: if let export { table.release(export) }
        }
    }

    /// Adds `prefix` to the group of `handle`, queueing a new group in `announceOrder`.
    private mutating func addToGroup(_ handle: AttributeHandle, _ prefix: PrefixKey<P>) {
        let count = Self.insert(prefix, into: &announcements[handle, default: []])
        guard count == 1 else { return }
        announceOrder.append(handle)
        if announceOrder.count - announceHead > 2 * announcements.count + 64 { compactAnnounceOrder() }
    }

    private static func insert(_ prefix: PrefixKey<P>, into group: inout Set<PrefixKey<P>>) -> Int {
        group.insert(prefix)
        return group.count
    }

    /// Drops skipped entries: each live group once, in its first position.
    mutating func compactAnnounceOrder() {
        var kept = Set<AttributeHandle>(minimumCapacity: announcements.count)
        announceOrder = announceOrder[announceHead...].filter { announcements[$0] != nil && kept.insert($0).inserted }
        announceHead = 0
    }

    private static func exchange(_ slot: inout PendingChange?, _ new: PendingChange?) -> PendingChange? {
        defer { slot = new }
        return slot
    }

    /// Takes `prefix` out of the group of its former pending change, releasing its reference.
    private mutating func unlink(_ prefix: PrefixKey<P>, _ change: PendingChange, table: inout AttributeTable) {
        switch change {
        case .withdraw:
            withdrawals.remove(prefix)
        case .announce(let h):
            announcements[h]?.remove(prefix)
            if announcements[h]?.isEmpty == true { announcements[h] = nil }
            table.release(h)
        }
    }

    /// Route refresh (RFC 2918 §4): every advertised prefix without a newer pending change is
    /// announced again.
    mutating func stageResendAll(table: inout AttributeTable) {
        for (prefix, handle) in advertised where pending[prefix] == nil {
            table.retain(handle)
            pending[prefix] = .announce(handle)
            addToGroup(handle, prefix)
        }
    }

    /// Forgets everything (session down), releasing every reference.
    mutating func reset(table: inout AttributeTable) {
        for (_, h) in advertised { table.release(h) }
        for (_, change) in pending { if case .announce(let h) = change { table.release(h) } }
        self = AdjRIBOut()
    }

    /// `prefixes` were sent announced with `handle`: they become advertised.
    mutating func markAnnounced(_ prefixes: [PrefixKey<P>], handle: AttributeHandle, table: inout AttributeTable) {
        // Usually the whole group went out: drop it at once instead of prefix by prefix.
        let wholeGroup = announcements[handle]?.count == prefixes.count
        if wholeGroup { announcements[handle] = nil }
        for p in prefixes {
            pending[p] = nil
            if !wholeGroup { announcements[handle]?.remove(p) }
            if let old = advertised.updateValue(handle, forKey: p) { table.release(old) }
        }
        if !wholeGroup, announcements[handle]?.isEmpty == true { announcements[handle] = nil }
    }

    /// `prefixes` were sent withdrawn.
    mutating func markWithdrawn(_ prefixes: [PrefixKey<P>], table: inout AttributeTable) {
        for p in prefixes {
            pending[p] = nil
            withdrawals.remove(p)
            if let old = advertised.removeValue(forKey: p) { table.release(old) }
        }
    }
}
