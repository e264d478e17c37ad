/// The intern table of attribute sets (BIRD's `rta` cache, OpenBGPD's `rde_attr`): each
/// distinct `AttributeSet` is stored once with a reference count and named by a 4-byte handle,
/// so a million routes sharing one set cost one set plus a handle each.
///
/// The index is an open-addressing table of handles (`AttributeIndex`) rather than a
/// `Dictionary<AttributeSet, _>`: a real full table has one attribute set per 6.5 prefixes, so
/// every UPDATE interns a new set (and its eBGP export), and the dictionary showed in the
/// profile three ways — SipHash over every field of the set, a full `==` for every occupied
/// bucket a probe passed, rehashing every set on each growth — and in memory, holding a second
/// copy of every set. Here each set is hashed once with a keyed multiply-fold
/// (`AttributeSet.internHash(seed:)`), a bucket holds the handle with 32 bits of the hash, so a
/// probe compares sets only when those bits match, and growing re-buckets from the bits kept.
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

    /// Per-table key of the hash (from the process's random hashing seed), so peers cannot
    /// choose attribute sets that collide.
    private let seed: UInt64

    public init() {
        var h = Hasher()
        h.combine(0x5357_4C54 as UInt32)
        seed = UInt64(UInt(bitPattern: h.finalize()))
    }

    /// The index's hash of `set`.
    private func hash(_ set: borrowing AttributeSet) -> Int { Int(truncatingIfNeeded: set.internHash(seed: seed)) }

    /// Number of distinct sets stored.
    public var count: Int { index.count }

    /// The handle for `set` with one more reference (stored if new). `consuming`: a caller's
    /// temporary (the export transform's result) moves into the table instead of being copied,
    /// which retained each of the set's arrays once more.
    public mutating func intern(_ set: consuming AttributeSet) -> AttributeHandle {
        // One hash of the whole set (AS_PATH, communities, …) per call: hashing it twice per
        // new set showed in the full-table profile.
        let hash = self.hash(set)
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
        index.remove(handle, hash: hash(sets[i]))
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
        index.find(hash: hash(set)) { sets[Int($0.rawValue)] == set }
    }

    /// References held on `handle` (0 once freed).
    public func referenceCount(_ handle: AttributeHandle) -> Int {
        let i = Int(handle.rawValue)
        return i < referenceCounts.count ? Int(referenceCounts[i]) : 0
    }
}
