/// `FamilySplitMap`: a hash map keyed by a prefix (or a route key) that stores IPv4 keys packed
/// into 8 bytes and IPv6 keys as they are. `IPPrefix` needs 24 bytes a key because of its IPv6
/// case; most of a node's routes are IPv4, and with the values being 4-byte ids the key is most
/// of each hash-table slot (docs/kernel.md, "Memory and speed").
import NetCore

/// A key's two storage forms.
enum FamilySplit<V4, V6> {
    case v4(V4)
    case v6(V6)
}

/// A key that has a compact IPv4 form.
protocol FamilySplitKey: Hashable, Sendable {
    associatedtype V4: Hashable & Sendable
    associatedtype V6: Hashable & Sendable
    var split: FamilySplit<V4, V6> { get }
    init(_ split: FamilySplit<V4, V6>)
}

extension IPPrefix: FamilySplitKey {
    /// IPv4: address << 8 | length (host bits are already zero); IPv6: the prefix itself.
    var split: FamilySplit<UInt64, IPPrefix> {
        switch self {
        case .v4(let p): .v4(UInt64(p.address.rawValue) << 8 | UInt64(p.length))
        case .v6: .v6(self)
        }
    }

    init(_ split: FamilySplit<UInt64, IPPrefix>) {
        switch split {
        case .v4(let packed):
            // Cannot fail: packed from a valid prefix (length ≤ 32).
            self = .v4(IPv4Prefix(address: IPv4Address(rawValue: UInt32(truncatingIfNeeded: packed >> 8)),
                                  length: UInt8(truncatingIfNeeded: packed))!)
        case .v6(let p): self = p
        }
    }
}

/// An IPv4 `RouteKey` in 12 bytes (stride 16 instead of 24).
struct PackedRouteKey: Hashable, Sendable {
    var prefix: UInt64
    var metric: UInt32
}

extension RouteKey: FamilySplitKey {
    var split: FamilySplit<PackedRouteKey, RouteKey> {
        switch destination.split {
        case .v4(let p): .v4(PackedRouteKey(prefix: p, metric: metric))
        case .v6: .v6(self)
        }
    }

    init(_ split: FamilySplit<PackedRouteKey, RouteKey>) {
        switch split {
        case .v4(let k): self.init(destination: IPPrefix(.v4(k.prefix)), metric: k.metric)
        case .v6(let k): self = k
        }
    }
}

struct FamilySplitMap<Key: FamilySplitKey, Value: Sendable>: Sequence, Sendable {
    private var v4: [Key.V4: Value] = [:]
    private var v6: [Key.V6: Value] = [:]

    init() {}

    var count: Int { v4.count + v6.count }
    var isEmpty: Bool { v4.isEmpty && v6.isEmpty }

    subscript(key: Key) -> Value? {
        get {
            switch key.split {
            case .v4(let k): v4[k]
            case .v6(let k): v6[k]
            }
        }
        set {
            switch key.split {
            case .v4(let k): v4[k] = newValue
            case .v6(let k): v6[k] = newValue
            }
        }
    }

    /// Room for this many more IPv4 and IPv6 keys without rehashing.
    mutating func reserveCapacity(v4 more4: Int, v6 more6: Int) {
        if more4 > 0 { v4.reserveCapacity(v4.count + more4) }
        if more6 > 0 { v6.reserveCapacity(v6.count + more6) }
    }

    /// Room for as many keys of each family as `other` holds (a rebuild of `other`).
    mutating func reserveCapacity<V>(like other: FamilySplitMap<Key, V>) {
        reserveCapacity(v4: other.v4.count, v6: other.v6.count)
    }

    struct Iterator: IteratorProtocol {
        var v4: Dictionary<Key.V4, Value>.Iterator
        var v6: Dictionary<Key.V6, Value>.Iterator

        mutating func next() -> (key: Key, value: Value)? {
            if let (k, v) = v4.next() { return (Key(.v4(k)), v) }
            if let (k, v) = v6.next() { return (Key(.v6(k)), v) }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(v4: v4.makeIterator(), v6: v6.makeIterator()) }

    var underestimatedCount: Int { count }
}
