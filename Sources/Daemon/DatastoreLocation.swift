/// `DatastoreLocation`: where the Calico resources come from, as written on the command line
/// (`file:DIR`; etcd comes in a later issue).

/// A parsed `--datastore` value.
public enum DatastoreLocation: Hashable, Sendable, CustomStringConvertible {
    /// A directory (or one file) of YAML files holding Calico v3 resources.
    case directory(String)

    /// Parses `file:DIR`. A bare path is refused so that `etcd:` can be added without ambiguity.
    public init(parsing text: String) throws(DaemonError) {
        guard text.hasPrefix("file:") else {
            throw .invalidOption("--datastore \"\(text)\": expected file:DIR (the only datastore supported so far)")
        }
        let path = String(text.dropFirst("file:".count))
        guard !path.isEmpty else { throw .invalidOption("--datastore \"\(text)\": the directory is missing") }
        self = .directory(path)
    }

    public var description: String {
        switch self {
        case .directory(let path): "file:\(path)"
        }
    }
}
