/// `apply`: several resources written to any `ResourceStore` (`swiftletctl apply -f`), the
/// final state checked before anything is written, then one `put` per resource in an order in
/// which every intermediate state validates too.
import CalicoModel

/// What `apply` did to one resource.
public enum ApplyAction: String, Sendable {
    case created
    case configured
    case unchanged
}

extension ResourceStore {
    /// Creates or replaces each of `resources` (by kind and name). The store as it would be
    /// afterwards must validate, or nothing is written (`StoreError.invalid`). The resources
    /// are then put one at a time (a store writes one resource per change), each in an order
    /// that keeps every intermediate state valid: a BGPFilter before the BGPPeer naming it.
    /// Not atomic as a whole: a failure part-way (etcd down) leaves the earlier ones written,
    /// and says which in the error. When the store's current content is itself invalid the
    /// final-state check is left to each `put` (an etcd store accepts a put that repairs it).
    public func apply(_ resources: [Resource]) throws(StoreError) -> [(key: ResourceKey, action: ApplyAction)] {
        var current: [ResourceKey: Resource]?
        do {
            current = try list().resources.byKey
        } catch .invalid {
            current = nil
        }
        if let current {
            var final = current
            for r in resources { final[r.key] = r }
            let errors = ResourceSet(Array(final.values)).validate()
            guard errors.isEmpty else { throw .invalid(errors) }
        }
        var pending = resources
        var done: [(key: ResourceKey, action: ApplyAction)] = []
        while !pending.isEmpty {
            var waiting: [Resource] = []
            var lastErrors: [ConfigError] = []
            for r in pending {
                do {
                    try put(r)
                } catch .invalid(let errors) {
                    waiting.append(r)   // perhaps valid once a later resource is in place
                    lastErrors = errors
                    continue
                } catch {
                    let written = done.map(\.key.description).joined(separator: ", ")
                    throw .unavailable("\(error.reason)\(written.isEmpty ? "" : " (already applied: \(written))")")
                }
                let action: ApplyAction = switch current?[r.key] {
                case nil where current == nil: .configured
                case nil: .created
                case let old?: old == r ? .unchanged : .configured
                }
                done.append((r.key, action))
            }
            guard waiting.count < pending.count else { throw .invalid(lastErrors) }
            pending = waiting
        }
        return done
    }
}
