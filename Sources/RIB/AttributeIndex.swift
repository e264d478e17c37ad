/// The lookup side of `AttributeTable`: which handle holds a given `AttributeSet`. An
/// open-addressing table of 8-byte buckets (the set's hash in the high half, handle + 1 in the
/// low half; 0 is empty), probed linearly and compared against the table's own stored sets.
/// A `[AttributeSet: AttributeHandle]` kept a second copy of every set inline in its buckets
/// (148 bytes each): 38.8 MB for the full table's 177,580 sets (received and exported), and
/// 58 MB while it doubled (docs/benchmarks.md, "Where the speaker's memory goes"); these
/// buckets take 2 MB.
struct AttributeIndex: Sendable {
    /// Power-of-two count of buckets; `tag << 32 | (handle + 1)`, 0 = empty. The tag (the
    /// hash's high 32 bits) also gives the home bucket, so moving an entry never needs its set.
    private var buckets: [UInt64] = []
    /// Handles stored.
    private(set) var count = 0

    /// The 32 bits of `hash` a bucket keeps.
    @inline(__always)
    private static func tag(_ hash: Int) -> UInt64 { UInt64(UInt(bitPattern: hash)) >> 32 }

    @inline(__always)
    private static func handle(_ word: UInt64) -> AttributeHandle {
        AttributeHandle(rawValue: UInt32(truncatingIfNeeded: word) &- 1)
    }

    /// The handle whose set `isEqual` accepts among those stored with `hash`, nil when none.
    func find(hash: Int, _ isEqual: (AttributeHandle) -> Bool) -> AttributeHandle? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        let tag = Self.tag(hash)
        var i = Int(truncatingIfNeeded: tag) & mask
        while true {
            let word = buckets[i]
            if word == 0 { return nil }
            if word >> 32 == tag, isEqual(Self.handle(word)) { return Self.handle(word) }
            i = (i + 1) & mask
        }
    }

    /// Stores `handle` under `hash` (the caller checked that its set is not stored yet).
    mutating func insert(_ handle: AttributeHandle, hash: Int) {
        // Grow at three quarters full (doubling), as Swift's Dictionary does.
        if (count + 1) * 4 > buckets.count * 3 { resize(to: max(16, buckets.count * 2)) }
        place(Self.tag(hash) << 32 | (UInt64(handle.rawValue) + 1))
        count += 1
    }

    private mutating func place(_ word: UInt64) {
        let mask = buckets.count - 1
        var i = Int(truncatingIfNeeded: word >> 32) & mask
        while buckets[i] != 0 { i = (i + 1) & mask }
        buckets[i] = word
    }

    /// Removes `handle`, stored under `hash`. Linear probing's backward shift: the entries after
    /// the freed bucket move up when their home bucket allows it, so no tombstones accumulate.
    mutating func remove(_ handle: AttributeHandle, hash: Int) {
        guard !buckets.isEmpty else { return }
        let mask = buckets.count - 1
        let word = Self.tag(hash) << 32 | (UInt64(handle.rawValue) + 1)
        var i = Int(truncatingIfNeeded: word >> 32) & mask
        while buckets[i] != word {
            if buckets[i] == 0 { return }
            i = (i + 1) & mask
        }
        var hole = i
        var j = i
        while true {
            j = (j + 1) & mask
            let next = buckets[j]
            if next == 0 { break }
            let home = Int(truncatingIfNeeded: next >> 32) & mask
            // `next` stays unless the hole lies cyclically between its home and its bucket.
            let stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j)
            if !stays {
                buckets[hole] = next
                hole = j
            }
        }
        buckets[hole] = 0
        count -= 1
    }

    private mutating func resize(to newCount: Int) {
        let old = buckets
        buckets = [UInt64](repeating: 0, count: newCount)
        for word in old where word != 0 { place(word) }
    }
}

/// The storage side of `AttributeTable`: the sets by handle, in chunks of 1,024 instead of one
/// array. An `AttributeSet` is 144 bytes inline; one array of them doubled at 131,072 sets of
/// the full table and held the old 18.9 MB and the new 37.8 MB at once, then kept 12 MB of
/// unused capacity. Chunks never move: unused capacity is at most part of the last chunk.
struct AttributeSetStore: Sendable {
    private static let shift = 10
    private static let mask = (1 << shift) - 1
    private var chunks: [[AttributeSet]] = []
    private(set) var count = 0

    subscript(i: Int) -> AttributeSet {
        // Read and written in place (nested accessors, no copy of the set).
        _read { yield chunks[i >> Self.shift][i & Self.mask] }
        _modify { yield &chunks[i >> Self.shift][i & Self.mask] }
    }

    mutating func append(_ set: AttributeSet) {
        if count & Self.mask == 0 { chunks.append([]) }
        chunks[chunks.count - 1].append(set)
        count += 1
    }
}
