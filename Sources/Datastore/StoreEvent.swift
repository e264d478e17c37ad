/// `StoreEvent`: what a watch delivers — a new validated snapshot, a rejected change, or the
/// store becoming unavailable and recovering.
import CalicoModel

public enum StoreEvent: Sendable, CustomStringConvertible {
    /// A new validated state of the whole store. `changedKeys` lists the resources added,
    /// removed or modified since the previous snapshot this watch delivered (or since the
    /// revision the watch started from). Also delivered, possibly with no changed key, when the
    /// content becomes valid again after an `.invalid`, so the consumer can clear its refusal.
    case changed(snapshot: ResourceSet, revision: Int64, changedKeys: Set<ResourceKey>)
    /// The store's content is invalid (a half-written file, a bad field, a cross-resource
    /// conflict). Nothing was applied: the last good snapshot, at `revision`, stays in force.
    /// Delivered once per distinct error list.
    case invalid(errors: [ConfigError], revision: Int64)
    /// The store cannot be read (directory removed, etcd unreachable). Keep the last good state.
    case unavailable(reason: String)
    /// The store is readable again; a `.changed` follows if anything changed meanwhile.
    case recovered

    public var description: String {
        switch self {
        case .changed(let s, let rev, let keys):
            "changed revision \(rev): \(s.count) resource(s), \(keys.count) changed (\(keys.sorted().map(\.description).joined(separator: ", ")))"
        case .invalid(let errors, let rev):
            "invalid (revision \(rev) stays in force): \(errors.map(\.description).joined(separator: "; "))"
        case .unavailable(let reason): "unavailable: \(reason)"
        case .recovered: "recovered"
        }
    }
}
