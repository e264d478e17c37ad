/// The intern table of attribute sets (BIRD's `rta` cache, OpenBGPD's `rde_attr`): each
/// distinct `AttributeSet` is stored once with a reference count and named by a 4-byte handle,
/// so a million routes sharing one set cost one set plus a handle each.
import BGPWire
import NetCore

/// A small integer naming an interned `AttributeSet`; valid while its reference count is > 0.
public struct AttributeHandle: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static func < (l: AttributeHandle, r: AttributeHandle) -> Bool { l.rawValue < r.rawValue }
    public var description: String { "#\(rawValue)" }
    /// The RIB's keyed mix (`mixHash`) instead of a `Hasher` per lookup (the Adj-RIB-Out
    /// groups pending announcements by handle).
    public func _rawHashValue(seed: Int) -> Int { mixHash(UInt64(rawValue), seed: seed) }
}

/// Interned attribute sets with reference counts. Every holder of a handle (an Adj-RIB-In
/// entry, a Loc-RIB selection, an Adj-RIB-Out entry or pending change) owns one reference.
public struct AttributeTable: Sendable {
    /// Indexed by handle; a freed slot holds an empty set until reused (its reference count
    /// is 0). Not optional, so a live set can be read in place without copying it out.
    private var sets = AttributeSetStore()
    private var referenceCounts: [UInt32] = []
    /// Which handle holds a set (`AttributeIndex`: handles only, compared against `sets`).
    private var index = AttributeIndex()
    private var freeSlots: [UInt32] = []

    public init() {}

    /// Number of distinct sets stored.
    public var count: Int { index.count }

    /// The handle for `set` with one more reference (stored if new).
    public mutating func intern(_ set: AttributeSet) -> AttributeHandle {
        // One hash of the whole set (AS_PATH, communities, …) per call: hashing it twice per
        // new set showed in the full-table profile.
        let hash = set.hashValue
        if let h = index.find(hash: hash, { sets[Int($0.rawValue)] == set }) {
            referenceCounts[Int(h.rawValue)] += 1
            return h
        }
        let h: AttributeHandle
        if let slot = freeSlots.popLast() {
            h = AttributeHandle(rawValue: slot)
            sets[Int(slot)] = set
            referenceCounts[Int(slot)] = 1
        } else {
            h = AttributeHandle(rawValue: UInt32(sets.count))
            sets.append(set)
            referenceCounts.append(1)
        }
        index.insert(h, hash: hash)
        return h
    }

    /// One more reference to `handle`.
    public mutating func retain(_ handle: AttributeHandle) {
        referenceCounts[Int(handle.rawValue)] += 1
    }

    /// One reference fewer; the set is freed with the last one.
    public mutating func release(_ handle: AttributeHandle) {
        let i = Int(handle.rawValue)
        precondition(referenceCounts[i] > 0, "AttributeTable: release of a freed handle \(handle)")
        referenceCounts[i] -= 1
        guard referenceCounts[i] == 0 else { return }
        index.remove(handle, hash: sets[i].hashValue)
        sets[i] = AttributeSet()
        freeSlots.append(handle.rawValue)
    }

    /// The set named by a live handle.
    public subscript(handle: AttributeHandle) -> AttributeSet {
        checkLive(handle)
        return sets[Int(handle.rawValue)]
    }

    /// `body` applied to the set named by a live handle, read in place.
    func withSet<R>(_ handle: AttributeHandle, _ body: (AttributeSet) -> R) -> R {
        checkLive(handle)
        return body(sets[Int(handle.rawValue)])
    }

    /// The next hop of a live handle's set, read in place (no copy of the whole set).
    public func nextHop(of handle: AttributeHandle) -> IPAddress? {
        checkLive(handle)
        return sets[Int(handle.rawValue)].nextHop
    }

    private func checkLive(_ handle: AttributeHandle) {
        let i = Int(handle.rawValue)
        guard i < referenceCounts.count, referenceCounts[i] > 0 else {
            preconditionFailure("AttributeTable: \(handle) was freed")
        }
    }

    /// The handle already holding `set`, without taking a reference.
    public func handle(of set: AttributeSet) -> AttributeHandle? {
        index.find(hash: set.hashValue) { sets[Int($0.rawValue)] == set }
    }

    /// References held on `handle` (0 once freed).
    public func referenceCount(_ handle: AttributeHandle) -> Int {
        let i = Int(handle.rawValue)
        return i < referenceCounts.count ? Int(referenceCounts[i]) : 0
    }
}
