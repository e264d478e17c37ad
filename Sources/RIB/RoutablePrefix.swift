/// The prefix types the RIB stores per address family (IPv4 and IPv6 unicast), and the key its
/// per-prefix tables use: the prefix packed into machine words and hashed as one `UInt64`
/// (IPv4) or two (IPv6) instead of field by field. The synthesized `Hashable` of `IPv4Prefix`
/// feeds a UInt32 and a UInt8 to a fresh `Hasher` per lookup; with ~6 tables touched per prefix
/// that hashing was the largest leaf of the speaker's profile (docs/benchmarks.md).
import BGPWire
import NetCore

/// A prefix of one address family that the RIB can key its tables by.
public protocol RoutablePrefix: Hashable, Sendable, Comparable {
    /// The AFI/SAFI this prefix type is routed in.
    static var family: AddressFamily { get }
    /// The prefix as the family-independent enum.
    var ipPrefix: IPPrefix { get }
    /// The table hash of this prefix for a `Dictionary`/`Set` seeded with `seed`: equal
    /// prefixes hash alike; the seed keeps Swift's per-process randomisation.
    func tableHash(seed: Int) -> Int
}

extension IPv4Prefix: RoutablePrefix {
    public static var family: AddressFamily { .ipv4Unicast }
    public var ipPrefix: IPPrefix { .v4(self) }
    /// Address and length in one 40-bit word, multiplied by itself shifted up (the seed in the
    /// first factor) and folded as `mixHash` does.
    public func tableHash(seed: Int) -> Int {
        let key = UInt64(address.rawValue) << 8 | UInt64(length)
        // Both factors depend on the key (wyhash's mum of its two halves): with the key in one
        // factor only, the hash is linear in it, so the arithmetic runs of a table arriving in
        // order landed in clusters for some seeds and spread out for others.
        let (high, low) = (key ^ UInt64(bitPattern: Int64(seed)) ^ 0xA076_1D64_78BD_642F)
            .multipliedFullWidth(by: key << 24 ^ 0xE703_7ED1_A0B4_28DB)
        return Int(bitPattern: UInt(high ^ low))
    }
}

extension IPv6Prefix: RoutablePrefix {
    public static var family: AddressFamily { .ipv6Unicast }
    public var ipPrefix: IPPrefix { .v6(self) }
    /// Both address words, chained through the seed (the length is mixed into the seed) so
    /// colliding prefixes cannot be chosen without knowing it.
    public func tableHash(seed: Int) -> Int {
        mixHash(address.high, seed: mixHash(address.low, seed: seed ^ Int(length)))
    }
}

/// The keyed mix of wyhash (Wang Yi, public domain): the key and the per-table random seed
/// xored with constants, multiplied to 128 bits, the halves folded. A few instructions where
/// one SipHash-1-3 block costs about ninety; as in Go's and Rust's hashbrown-style tables the
/// secret seed keeps peers from choosing colliding prefixes.
@inline(__always)
func mixHash(_ value: UInt64, seed: Int) -> Int {
    let (high, low) = (value ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: (UInt64(bitPattern: Int64(seed)) ^ 0xE703_7ED1_A0B4_28DB) | 1)
    return Int(bitPattern: UInt(high ^ low))
}

/// A prefix as a key of the RIB's tables: the same value and equality, hashed by
/// `RoutablePrefix.tableHash(seed:)`.
struct PrefixKey<P: RoutablePrefix>: Hashable, Sendable {
    var prefix: P
    init(_ prefix: P) { self.prefix = prefix }

    static func == (l: PrefixKey, r: PrefixKey) -> Bool { l.prefix == r.prefix }
    /// For hashing inside other values; tables use `_rawHashValue(seed:)`.
    func hash(into hasher: inout Hasher) { hasher.combine(prefix.tableHash(seed: 0)) }
    /// What `Dictionary` and `Set` call; the default would build a `Hasher` and call `hash(into:)`.
    func _rawHashValue(seed: Int) -> Int { prefix.tableHash(seed: seed) }
}
