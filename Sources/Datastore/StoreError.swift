/// `StoreError`: why a store operation failed, with the context an operator needs.
import CalicoModel

public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The content (or the content with a proposed change) does not validate.
    case invalid([ConfigError])
    /// The store cannot be read or written right now (missing directory, I/O error, etcd down).
    case unavailable(String)
    /// `delete` of a resource the store does not hold.
    case notFound(ResourceKey)
    /// A `--datastore` value that is malformed or names a backend not built yet.
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalid(let errors): errors.map(\.description).joined(separator: "\n")
        case .unavailable(let reason): "datastore unavailable: \(reason)"
        case .notFound(let key): "\(key): not found"
        case .unsupported(let text): text
        }
    }
}
