/// The intern table of attribute sets (BIRD's `rta` cache, OpenBGPD's `rde_attr`): each
/// distinct `AttributeSet` is stored once with a reference count and named by a 4-byte handle,
/// so a million routes sharing one set cost one set plus a handle each.
///
/// The index is an open-addressing table of its own rather than a `Dictionary<AttributeSet, _>`:
/// a real full table has one attribute set per 6.5 prefixes, so every UPDATE interns a new set
/// (and its eBGP export), and the dictionary showed in the profile three ways — SipHash over
/// every field of the set, a full `==` (copying the stored key, retaining each of its arrays)
/// for every occupied bucket a probe passed, and rehashing every set on each growth. Here each
/// set is hashed once with a keyed multiply-fold (`AttributeSet.internHash(seed:)`), the hash is
/// kept per slot, and a bucket holds the handle with 32 bits of the hash, so a probe compares
/// sets only when those bits match and growing re-buckets from the kept hashes.
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
    private var sets: [AttributeSet] = []
    private var referenceCounts: [UInt32] = []
    /// `internHash` of each live slot's set.
    private var hashes: [UInt64] = []
    /// Linear-probing buckets: 0 is empty, else the high 32 bits of the set's hash above
    /// handle + 1. A power of two in size, at most half full.
    private var buckets: [UInt64] = []
    private var live = 0
    private var freeSlots: [UInt32] = []
    /// Per-table key of the hash (from the process's random hashing seed), so peers cannot
    /// choose attribute sets that collide.
    private let seed: UInt64

    public init() {
        var h = Hasher()
        h.combine(0x5357_4C54 as UInt32)
        seed = UInt64(UInt(bitPattern: h.finalize()))
    }

    /// Number of distinct sets stored.
    public var count: Int { live }

    /// The handle for `set` with one more reference (stored if new). `consuming`: a caller's
    /// temporary (the export transform's result) moves into the table instead of being copied,
    /// which retained each of the set's arrays once more.
    public mutating func intern(_ set: consuming AttributeSet) -> AttributeHandle {
        let hash = set.internHash(seed: seed)
        if let h = find(set, hash: hash) {
            referenceCounts[Int(h.rawValue)] += 1
            return h
        }
        if (live + 1) * 2 > buckets.count { grow() }
        let h: AttributeHandle
        if let slot = freeSlots.popLast() {
            h = AttributeHandle(rawValue: slot)
            sets[Int(slot)] = set
            referenceCounts[Int(slot)] = 1
            hashes[Int(slot)] = hash
        } else {
            h = AttributeHandle(rawValue: UInt32(sets.count))
            sets.append(set)
            referenceCounts.append(1)
            hashes.append(hash)
        }
        place(h, hash: hash)
        live += 1
        return h
    }

    /// The live handle holding `set`, if any.
    private func find(_ set: AttributeSet, hash: UInt64) -> AttributeHandle? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let b = buckets[i]
            if b == 0 { return nil }
            if b >> 32 == tag {
                let slot = Int(b & 0xFFFF_FFFF) - 1
                if sets[slot] == set { return AttributeHandle(rawValue: UInt32(slot)) }
            }
            i = (i + 1) & mask
        }
    }

    /// Puts `handle` in the first empty bucket of its probe sequence.
    private mutating func place(_ handle: AttributeHandle, hash: UInt64) {
        let mask = buckets.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while buckets[i] != 0 { i = (i + 1) & mask }
        buckets[i] = (hash >> 32) << 32 | UInt64(handle.rawValue + 1)
    }

    /// Doubles the buckets (at least 64), re-bucketing every live handle from its kept hash.
    private mutating func grow() {
        let old = buckets
        buckets = Array(repeating: 0, count: max(64, old.count * 2))
        for b in old where b != 0 {
            let h = AttributeHandle(rawValue: UInt32(b & 0xFFFF_FFFF) - 1)
            place(h, hash: hashes[Int(h.rawValue)])
        }
    }

    /// Takes `handle` out of the buckets, shifting later entries of its cluster back so every
    /// probe sequence stays unbroken (no tombstones).
    private mutating func unplace(_ handle: AttributeHandle) {
        let mask = buckets.count - 1
        let wanted = UInt64(handle.rawValue + 1)
        var i = Int(truncatingIfNeeded: hashes[Int(handle.rawValue)]) & mask
        while buckets[i] & 0xFFFF_FFFF != wanted { i = (i + 1) & mask }
        var j = i
        while true {
            j = (j + 1) & mask
            let b = buckets[j]
            if b == 0 { break }
            let home = Int(truncatingIfNeeded: hashes[Int(b & 0xFFFF_FFFF) - 1]) & mask
            // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
            let stays = i <= j ? (home > i && home <= j) : (home > i || home <= j)
            if !stays {
                buckets[i] = b
                i = j
            }
        }
        buckets[i] = 0
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
        unplace(handle)
        live -= 1
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
    public func handle(of set: AttributeSet) -> AttributeHandle? { find(set, hash: set.internHash(seed: seed)) }

    /// References held on `handle` (0 once freed).
    public func referenceCount(_ handle: AttributeHandle) -> Int {
        let i = Int(handle.rawValue)
        return i < referenceCounts.count ? Int(referenceCounts[i]) : 0
    }
}
