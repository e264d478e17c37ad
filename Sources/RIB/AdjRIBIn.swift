/// Adj-RIB-In of one peer for one address family (RFC 4271 §3.2): the paths it advertised that
/// passed import, keyed by prefix, each with its ADD-PATH path identifier (RFC 7911 §3; 0 when
/// ADD-PATH is not in use). The common case of one path per prefix is stored inline (8 bytes
/// next to the 8-byte IPv4 key); further ADD-PATH paths of a prefix go to a side table that is
/// empty without ADD-PATH, so the main table carries no per-prefix array field.
import BGPWire
import NetCore

/// One stored path: its path identifier and interned attributes.
struct PathEntry: Hashable, Sendable {
    var pathID: UInt32
    var attributes: AttributeHandle
}

/// The paths of one prefix from one peer, as read from an `AdjRIBIn`.
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
    /// The first path of each prefix (`PrefixTable`: 16-byte entries, 53–80% full).
    private(set) var slots = PrefixTable<P, PathEntry>(filler: PathEntry(pathID: 0, attributes: AttributeHandle(rawValue: 0)))
    /// The other paths of prefixes with more than one (ADD-PATH), in arrival order.
    private(set) var extra: [PrefixKey<P>: [PathEntry]] = [:]
    /// Number of paths stored (prefixes × path IDs): what the maximum-prefix limit counts.
    private(set) var pathCount = 0

    /// Stores `entry`; returns the attributes of the path it replaces (same prefix and path ID).
    mutating func insert(_ prefix: P, _ entry: PathEntry) -> AttributeHandle? {
        let key = PrefixKey(prefix)
        // `&slots[key]` is the dictionary's in-place accessor: one hash lookup for the read
        // and the write.
        switch Self.store(entry, into: &slots[key]) {
        case .added:
            pathCount += 1
            return nil
        case .replaced(let old):
            return old
        case .otherPathID:
            let (old, added) = Self.insert(entry, into: &extra[key])
            if added { pathCount += 1 }
            return old
        }
    }

    private enum FirstSlot {
        case added
        case replaced(AttributeHandle)
        case otherPathID
    }

    private static func store(_ entry: PathEntry, into slot: inout PathEntry?) -> FirstSlot {
        guard let first = slot else {
            slot = entry
            return .added
        }
        guard first.pathID == entry.pathID else { return .otherPathID }
        slot = entry
        return .replaced(first.attributes)
    }

    private static func insert(_ entry: PathEntry, into more: inout [PathEntry]?) -> (old: AttributeHandle?, added: Bool) {
        if let i = more?.firstIndex(where: { $0.pathID == entry.pathID }) {
            defer { more![i] = entry }
            return (more![i].attributes, false)
        }
        more = (more ?? []) + [entry]
        return (nil, true)
    }

    /// Removes the path `pathID` of `prefix`; returns its attributes, nil when absent.
    mutating func remove(_ prefix: P, pathID: UInt32) -> AttributeHandle? {
        guard !slots.isEmpty else { return nil }
        let key = PrefixKey(prefix)
        let old: AttributeHandle?
        if extra.isEmpty {
            old = Self.remove(pathID, from: &slots[key])
        } else {
            old = removeWithExtra(key, pathID: pathID)
        }
        if old != nil { pathCount -= 1 }
        return old
    }

    private static func remove(_ pathID: UInt32, from slot: inout PathEntry?) -> AttributeHandle? {
        guard let first = slot, first.pathID == pathID else { return nil }
        slot = nil
        return first.attributes
    }

    /// Removal when some prefix has several paths: the first path's place goes to the next one.
    private mutating func removeWithExtra(_ key: PrefixKey<P>, pathID: UInt32) -> AttributeHandle? {
        guard let first = slots[key] else { return nil }
        if first.pathID == pathID {
            if var more = extra.removeValue(forKey: key) {
                slots[key] = more.removeFirst()
                if !more.isEmpty { extra[key] = more }
            } else {
                slots[key] = nil
            }
            return first.attributes
        }
        guard var more = extra[key], let i = more.firstIndex(where: { $0.pathID == pathID }) else { return nil }
        let old = more.remove(at: i).attributes
        extra[key] = more.isEmpty ? nil : more
        return old
    }

    /// The paths held for `prefix`.
    func paths(_ prefix: P) -> PathSlot? {
        guard !slots.isEmpty else { return nil }
        let key = PrefixKey(prefix)
        guard let first = slots[key] else { return nil }
        return PathSlot(first: first, more: extra.isEmpty ? [] : extra[key] ?? [])
    }

    /// Number of prefixes with at least one path.
    var prefixCount: Int { slots.count }

    /// Empties the table, returning what it held (for a session going down).
    mutating func removeAll() -> [(key: PrefixKey<P>, paths: PathSlot)] {
        var all: [(key: PrefixKey<P>, paths: PathSlot)] = []
        all.reserveCapacity(slots.count)
        for (key, first) in slots { all.append((key, PathSlot(first: first, more: extra.isEmpty ? [] : extra[key] ?? []))) }
        slots.removeAll()
        extra = [:]
        pathCount = 0
        return all
    }
}
