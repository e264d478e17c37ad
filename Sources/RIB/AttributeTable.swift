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
}

/// Interned attribute sets with reference counts. Every holder of a handle (an Adj-RIB-In
/// entry, a Loc-RIB selection, an Adj-RIB-Out entry or pending change) owns one reference.
public struct AttributeTable: Sendable {
    private var sets: [AttributeSet?] = []
    private var referenceCounts: [UInt32] = []
    private var index: [AttributeSet: AttributeHandle] = [:]
    private var freeSlots: [UInt32] = []

    public init() {}

    /// Number of distinct sets stored.
    public var count: Int { index.count }

    /// The handle for `set` with one more reference (stored if new).
    public mutating func intern(_ set: AttributeSet) -> AttributeHandle {
        if let h = index[set] {
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
        index[set] = h
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
        guard referenceCounts[i] == 0, let set = sets[i] else { return }
        index[set] = nil
        sets[i] = nil
        freeSlots.append(handle.rawValue)
    }

    /// The set named by a live handle.
    public subscript(handle: AttributeHandle) -> AttributeSet {
        guard let set = sets[Int(handle.rawValue)] else {
            preconditionFailure("AttributeTable: \(handle) was freed")
        }
        return set
    }

    /// The handle already holding `set`, without taking a reference.
    public func handle(of set: AttributeSet) -> AttributeHandle? { index[set] }

    /// References held on `handle` (0 once freed).
    public func referenceCount(_ handle: AttributeHandle) -> Int {
        let i = Int(handle.rawValue)
        return i < referenceCounts.count ? Int(referenceCounts[i]) : 0
    }
}
