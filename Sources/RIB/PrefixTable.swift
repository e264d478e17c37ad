/// The RIB's per-prefix hash table (Adj-RIB-In first paths, Loc-RIB, advertised state): open
/// addressing with linear probing over arrays of (key, value) entries, any bucket count
/// (the hash is mapped onto it by a multiply, not a mask), grown by half when it is three
/// quarters full. Swift's `Dictionary` has power-of-two bucket counts and grows by doubling at
/// three quarters, so a table sits between 37.5% and 75% full: at 100k prefixes its 262,144
/// buckets are 38% used, and each doubling holds the old and the new storage at once (3× the
/// old size). Here a table is 50–75% full and a growth holds 2.5× the old size
/// of one segment (docs/benchmarks.md, "Where the speaker's memory goes").
///
/// The buckets are split into 4 segments by the top two bits of the hash, each its own array
/// grown on its own: a growth holds the old and the new array of one segment, a quarter of the
/// table, instead of the whole table twice. At 100k prefixes the growth of the collector's
/// `advertised` table from 1.4 to 2.1 MB (both live at once, beside the other tables at their
/// final size) was the top of the daemon's peak RSS, at 1M prefixes the growths cost 7 MiB of
/// peak (docs/benchmarks.md, "Where the speaker's memory goes"). The hashes spread evenly, so
/// the segments fill and grow nearly together and the table's size is the same as one array's.
///
/// Removal shifts the following entries of the cluster back (no tombstones), so lookups stay
/// short after withdrawals. Each table has its own random seed (`PrefixKey.tableHash`), so
/// copying one table's entries in iteration order into another does not build long clusters.
struct PrefixTable<P: RoutablePrefix, Value: Sendable>: Sendable, Sequence {
    struct Entry: Sendable {
        var key: PrefixKey<P>?
        var value: Value
    }

    /// One segment's buckets: `count` of them are occupied (`key` non-nil); free entries hold
    /// `filler`. Its functions take the key's hash already shifted past the segment bits.
    fileprivate struct Segment: Sendable {
        var entries: [Entry] = []
        var count = 0

        /// The hash mapped onto `0..<entries.count` by multiply-shift (Lemire's fast range):
        /// the high bits of `mixHash` are as good as its low ones. (A further Fibonacci
        /// multiply before it cost 5% more instructions at 100k synthetic prefixes, nothing
        /// measurable on the full table: longer probe runs on sequential prefixes.)
        @inline(__always)
        static func bucket(_ hash: UInt64, count: Int) -> Int {
            Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(count)).high)
        }

        /// The entry holding `key`, or the free entry where it would go.
        @inline(__always)
        func find(_ key: PrefixKey<P>, hash: UInt64) -> (index: Int, found: Bool) {
            var i = Self.bucket(hash, count: entries.count)
            while true {
                guard let k = entries[i].key else { return (i, false) }
                if k == key { return (i, true) }
                i += 1
                if i == entries.count { i = 0 }
            }
        }

        /// One more entry would pass three quarters of the buckets (an insert's expected
        /// probes stay under 8.5, as in Dictionary).
        var needsGrowth: Bool { (count + 1) * 4 > entries.count * 3 }

        /// Growths so far: the segment has `PrefixTable.capacity(level)` buckets.
        var level = -1

        mutating func grow(seed: Int, filler: Value) {
            let old = entries
            level += 1
            // At least one bucket more: the first levels' shares round to the same count, and
            // an insert needs a free bucket after the growth.
            let n = Swift.max(PrefixTable.capacity(level), old.count + 1)
            var grown = Array(repeating: Entry(key: nil, value: filler), count: n)
            // Through buffer pointers: this loop moves every entry at each growth (about twice
            // per entry over a table's life); the array's checked accessors made it 15% dearer.
            grown.withUnsafeMutableBufferPointer { to in
                old.withUnsafeBufferPointer { from in
                    for e in from {
                        guard let k = e.key else { continue }
                        var i = Self.bucket(PrefixTable.hash(k, seed: seed).inSegment, count: n)
                        while to[i].key != nil {
                            i += 1
                            if i == n { i = 0 }
                        }
                        to[i] = e
                    }
                }
            }
            entries = grown
        }

        /// Frees entry `i`: the entries after it in its cluster move back into the hole unless
        /// their home lies cyclically after the hole (they would become unreachable from it).
        mutating func remove(at i: Int, seed: Int, filler: Value) {
            var hole = i
            var j = i
            while true {
                j += 1
                if j == entries.count { j = 0 }
                guard let k = entries[j].key else { break }
                let h = Self.bucket(PrefixTable.hash(k, seed: seed).inSegment, count: entries.count)
                let movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j)
                if movable {
                    entries[hole] = entries[j]
                    hole = j
                }
            }
            entries[hole] = Entry(key: nil, value: filler)
            count -= 1
        }
    }

    /// 4 segments (created at the first insert; a segment's array at its first key). More
    /// segments make a growth's overlap smaller, but the small early arrays of every segment
    /// churn through the malloc arena at once and stay resident there; with 16 the daemon's
    /// peak at 100k did not drop at all.
    private static var segmentBits: Int { 2 }

    /// A segment's bucket count after `level` growths: its share of the sequence one whole
    /// table would follow (16, then half as much again at each growth), so that the segments,
    /// which fill and grow nearly together, add up to the same table sizes as one array would
    /// (the growth steps decide how full a table is at a given size).
    fileprivate static func capacity(_ level: Int) -> Int {
        var n = 16
        for _ in 0..<level { n += n / 2 }
        return Swift.max(4, n >> segmentBits)
    }

    private var segments: [Segment] = []
    private(set) var count = 0
    /// The value stored in free entries (any value of the type; never read as a result).
    private let filler: Value
    private let seed = Int.random(in: .min ... .max)

    init(filler: Value) { self.filler = filler }

    var isEmpty: Bool { count == 0 }

    /// The segment (the hash's top bits) and the hash within it (the remaining bits, shifted up
    /// so that the segment's multiply-shift reads them).
    @inline(__always)
    fileprivate static func hash(_ key: PrefixKey<P>, seed: Int) -> (segment: Int, inSegment: UInt64) {
        let hash = UInt64(UInt(bitPattern: key.prefix.tableHash(seed: seed)))
        return (Int(truncatingIfNeeded: hash >> UInt64(64 - segmentBits)), hash << UInt64(segmentBits))
    }

    subscript(key: PrefixKey<P>) -> Value? {
        get {
            guard count > 0 else { return nil }
            let (s, h) = Self.hash(key, seed: seed)
            guard !segments[s].entries.isEmpty else { return nil }
            let (i, found) = segments[s].find(key, hash: h)
            return found ? segments[s].entries[i].value : nil
        }
        set { _ = update(key, newValue) }
        // One lookup for a read followed by a write (`&table[key]`), as Dictionary's accessor.
        _modify {
            let place = locate(key)
            var value: Value? = place.found ? segments[place.segment].entries[place.index].value : nil
            yield &value
            store(value, key, at: place)
        }
    }

    /// Stores `value` (nil: removes the key); returns what was stored before.
    @discardableResult
    mutating func update(_ key: PrefixKey<P>, _ value: Value?) -> Value? {
        if segments.isEmpty && value == nil { return nil }
        let place = locate(key)
        let old = place.found ? segments[place.segment].entries[place.index].value : nil
        store(value, key, at: place)
        return old
    }

    /// Where `key` is or would go: its segment (created with the first key), its hash within
    /// it, and the entry holding it or the free entry that ends its probe.
    private typealias Place = (segment: Int, hash: UInt64, index: Int, found: Bool)

    @inline(__always)
    private mutating func locate(_ key: PrefixKey<P>) -> Place {
        let (s, h) = Self.hash(key, seed: seed)
        if segments.isEmpty { segments = Array(repeating: Segment(), count: 1 << Self.segmentBits) }
        let (i, found) = segments[s].entries.isEmpty ? (0, false) : segments[s].find(key, hash: h)
        return (s, h, i, found)
    }

    /// Writes `value` at `place` (from `locate`, nothing changed since): overwrites, removes
    /// (nil) or inserts.
    @inline(__always)
    private mutating func store(_ value: Value?, _ key: PrefixKey<P>, at place: Place) {
        let s = place.segment
        if place.found {
            if let value {
                segments[s].entries[place.index].value = value
            } else {
                segments[s].remove(at: place.index, seed: seed, filler: filler)
                count -= 1
            }
        } else if let value {
            insert(key, value, at: place.index, segment: s, hash: place.hash)
        }
    }

    /// Stores a new key at free entry `i` of segment `s` (found before any growth).
    @inline(__always)
    private mutating func insert(_ key: PrefixKey<P>, _ value: Value, at i: Int, segment s: Int, hash h: UInt64) {
        var i = i
        if segments[s].needsGrowth {
            segments[s].grow(seed: seed, filler: filler)
            i = segments[s].find(key, hash: h).index
        }
        segments[s].entries[i] = Entry(key: key, value: value)
        segments[s].count += 1
        count += 1
    }

    mutating func removeValue(forKey key: PrefixKey<P>) -> Value? { update(key, nil) }

    mutating func updateValue(_ value: Value, forKey key: PrefixKey<P>) -> Value? { update(key, value) }

    /// Empties the table and frees its storage.
    mutating func removeAll() {
        segments = []
        count = 0
    }

    struct Iterator: IteratorProtocol {
        fileprivate var segments: [Segment]
        fileprivate var segment = 0
        fileprivate var index = 0
        mutating func next() -> (key: PrefixKey<P>, value: Value)? {
            while segment < segments.count {
                let entries = segments[segment].entries
                while index < entries.count {
                    defer { index += 1 }
                    if let k = entries[index].key { return (k, entries[index].value) }
                }
                segment += 1
                index = 0
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(segments: segments) }

    var underestimatedCount: Int { count }

    /// The keys, in table order.
    var keys: [PrefixKey<P>] { map(\.key) }
}
