/// The RIB's per-prefix hash table (Adj-RIB-In first paths, Loc-RIB, advertised state): open
/// addressing with linear probing over one array of (key, value) entries, any bucket count
/// (the hash is mapped onto it by a multiply, not a mask), grown by half when it is four
/// fifths full. Swift's `Dictionary` has power-of-two bucket counts and grows by doubling at
/// three quarters, so a table sits between 37.5% and 75% full: at 100k prefixes its 262,144
/// buckets are 38% used, and each doubling holds the old and the new storage at once (3× the
/// old size). Here a table is 53–80% full and a growth holds 2.5× the old size
/// (docs/benchmarks.md, "Where the speaker's memory goes").
///
/// Removal shifts the following entries of the cluster back (no tombstones), so lookups stay
/// short after withdrawals. Each table has its own random seed (`PrefixKey.tableHash`), so
/// copying one table's entries in iteration order into another does not build long clusters.
struct PrefixTable<P: RoutablePrefix, Value: Sendable>: Sendable, Sequence {
    struct Entry: Sendable {
        var key: PrefixKey<P>?
        var value: Value
    }

    /// `count` of them are occupied (`key` non-nil); free entries hold `filler`.
    private var entries: [Entry] = []
    private(set) var count = 0
    /// The value stored in free entries (any value of the type; never read as a result).
    private let filler: Value
    private let seed = Int.random(in: .min ... .max)

    init(filler: Value) { self.filler = filler }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func home(_ key: PrefixKey<P>) -> Int { Self.bucket(key, seed: seed, count: entries.count) }

    /// The keyed hash mapped onto `0..<count` by multiply-shift (Lemire's fast range): the
    /// high bits of `mixHash` are as good as its low ones. (A further Fibonacci multiply before
    /// it cost 5% more instructions at 100k synthetic prefixes, nothing measurable on the full
    /// table: longer probe runs on sequential prefixes.)
    @inline(__always)
    private static func bucket(_ key: PrefixKey<P>, seed: Int, count: Int) -> Int {
        let hash = UInt64(UInt(bitPattern: key.prefix.tableHash(seed: seed)))
        return Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(count)).high)
    }

    /// The entry holding `key`, or the free entry where it would go.
    @inline(__always)
    private func find(_ key: PrefixKey<P>) -> (index: Int, found: Bool) {
        var i = home(key)
        while true {
            guard let k = entries[i].key else { return (i, false) }
            if k == key { return (i, true) }
            i += 1
            if i == entries.count { i = 0 }
        }
    }

    subscript(key: PrefixKey<P>) -> Value? {
        get {
            guard count > 0 else { return nil }
            let (i, found) = find(key)
            return found ? entries[i].value : nil
        }
        set { _ = update(key, newValue) }
        // One lookup for a read followed by a write (`&table[key]`), as Dictionary's accessor.
        _modify {
            var (i, found) = entries.isEmpty ? (0, false) : find(key)
            var value: Value? = found ? entries[i].value : nil
            yield &value
            if found {
                if let value { entries[i].value = value } else { remove(at: i) }
            } else if let value {
                if needsGrowth { grow(); i = find(key).index }
                entries[i] = Entry(key: key, value: value)
                count += 1
            }
        }
    }

    /// Stores `value` (nil: removes the key); returns what was stored before.
    @discardableResult
    mutating func update(_ key: PrefixKey<P>, _ value: Value?) -> Value? {
        var (i, found) = entries.isEmpty ? (0, false) : find(key)
        if found {
            let old = entries[i].value
            if let value { entries[i].value = value } else { remove(at: i) }
            return old
        }
        guard let value else { return nil }
        if needsGrowth { grow(); i = find(key).index }
        entries[i] = Entry(key: key, value: value)
        count += 1
        return nil
    }

    mutating func removeValue(forKey key: PrefixKey<P>) -> Value? { update(key, nil) }

    mutating func updateValue(_ value: Value, forKey key: PrefixKey<P>) -> Value? { update(key, value) }

    /// Empties the table and frees its storage.
    mutating func removeAll() {
        entries = []
        count = 0
    }

    /// One more entry would pass three quarters of the buckets (an insert's expected probes
    /// stay under 8.5, as in Dictionary).
    private var needsGrowth: Bool { (count + 1) * 4 > entries.count * 3 }

    private mutating func grow() {
        let old = entries
        let n = Swift.max(16, old.count + old.count / 2)
        var grown = Array(repeating: Entry(key: nil, value: filler), count: n)
        // Through buffer pointers: this loop moves every entry at each growth (about twice per
        // entry over a table's life); the array's checked accessors made it 15% dearer.
        grown.withUnsafeMutableBufferPointer { to in
            old.withUnsafeBufferPointer { from in
                for e in from {
                    guard let k = e.key else { continue }
                    var i = Self.bucket(k, seed: seed, count: n)
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

    /// Frees entry `i`: the entries after it in its cluster move back into the hole unless their
    /// home lies cyclically after the hole (they would become unreachable from it).
    private mutating func remove(at i: Int) {
        var hole = i
        var j = i
        while true {
            j += 1
            if j == entries.count { j = 0 }
            guard let k = entries[j].key else { break }
            let h = home(k)
            let movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j)
            if movable {
                entries[hole] = entries[j]
                hole = j
            }
        }
        entries[hole] = Entry(key: nil, value: filler)
        count -= 1
    }

    struct Iterator: IteratorProtocol {
        fileprivate var entries: [Entry]
        fileprivate var index = 0
        mutating func next() -> (key: PrefixKey<P>, value: Value)? {
            while index < entries.count {
                defer { index += 1 }
                if let k = entries[index].key { return (k, entries[index].value) }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(entries: entries) }

    var underestimatedCount: Int { count }

    /// The keys, in table order.
    var keys: [PrefixKey<P>] { map(\.key) }
}
