/// Adj-RIB-In of one peer for one address family (RFC 4271 §3.2): the paths it advertised that
/// passed import, keyed by prefix, each with its ADD-PATH path identifier (RFC 7911 §3; 0 when
/// ADD-PATH is not in use). The common case of one path per prefix is stored inline (16 bytes
/// next to the 8-byte IPv4 key); more paths go to an array that is allocated only then.
import BGPWire
import NetCore

/// One stored path: its path identifier and interned attributes.
struct PathEntry: Hashable, Sendable {
    var pathID: UInt32
    var attributes: AttributeHandle
}

/// The paths of one prefix from one peer.
struct PathSlot: Sendable {
    var first: PathEntry
    var more: [PathEntry] = []

    func forEach(_ body: (PathEntry) -> Void) {
        body(first)
        for e in more { body(e) }
    }
}

/// One peer's Adj-RIB-In for prefix type `P`.
struct AdjRIBIn<P: RoutablePrefix>: Sendable {
    private(set) var slots: [P: PathSlot] = [:]
    /// Number of paths stored (prefixes × path IDs): what the maximum-prefix limit counts.
    private(set) var pathCount = 0

    /// Stores `entry`; returns the attributes of the path it replaces (same prefix and path ID).
    mutating func insert(_ prefix: P, _ entry: PathEntry) -> AttributeHandle? {
        guard var slot = slots[prefix] else {
            slots[prefix] = PathSlot(first: entry)
            pathCount += 1
            return nil
        }
        var old: AttributeHandle?
        if slot.first.pathID == entry.pathID {
            old = slot.first.attributes
            slot.first = entry
        } else if let i = slot.more.firstIndex(where: { $0.pathID == entry.pathID }) {
            old = slot.more[i].attributes
            slot.more[i] = entry
        } else {
            slot.more.append(entry)
            pathCount += 1
        }
        slots[prefix] = slot
        return old
    }

    /// Removes the path `pathID` of `prefix`; returns its attributes, nil when absent.
    mutating func remove(_ prefix: P, pathID: UInt32) -> AttributeHandle? {
        guard var slot = slots[prefix] else { return nil }
        let old: AttributeHandle
        if slot.first.pathID == pathID {
            old = slot.first.attributes
            guard !slot.more.isEmpty else {
                slots[prefix] = nil
                pathCount -= 1
                return old
            }
            slot.first = slot.more.removeFirst()
        } else if let i = slot.more.firstIndex(where: { $0.pathID == pathID }) {
            old = slot.more.remove(at: i).attributes
        } else {
            return nil
        }
        pathCount -= 1
        slots[prefix] = slot
        return old
    }

    /// The paths held for `prefix`.
    func paths(_ prefix: P) -> PathSlot? { slots[prefix] }

    /// Number of prefixes with at least one path.
    var prefixCount: Int { slots.count }

    /// Empties the table, returning what it held (for a session going down).
    mutating func removeAll() -> [P: PathSlot] {
        let all = slots
        slots = [:]
        pathCount = 0
        return all
    }
}
