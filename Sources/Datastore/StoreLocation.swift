/// `StoreLocation`: the `--datastore` syntax shared by swiftletd and swiftletctl
/// (`file:DIR` or `etcd:URL[,URL…]`), and opening the store it names.

/// A parsed `--datastore` value.
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    /// A directory of Calico v3 YAML files (searched recursively).
    case file(directory: String)
    /// An etcd v3 cluster: one or more endpoint URLs (`http://10.0.0.1:2379`).
    case etcd(endpoints: [String])

    /// The environment variable read when no `--datastore` option is given (as calicoctl does).
    public static let environmentVariable = "SWIFTLET_DATASTORE"

    /// Parses `file:DIR` or `etcd:URL[,URL…]`. A bare path is refused so the two never clash.
    public static func parse(_ text: String) throws(StoreError) -> StoreLocation {
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst("file:".count))
            guard !path.isEmpty else { throw .unsupported("--datastore \"\(text)\": the directory is missing (file:DIR)") }
            return .file(directory: path)
        }
        if text.hasPrefix("etcd:") {
            let endpoints = text.dropFirst("etcd:".count).split(separator: ",").map(String.init)
            guard !endpoints.isEmpty else { throw .unsupported("--datastore \"\(text)\": no endpoint (etcd:URL[,URL…])") }
            for e in endpoints where !(e.hasPrefix("http://") || e.hasPrefix("https://")) {
                throw .unsupported("--datastore \"\(text)\": endpoint \"\(e)\" is not an http:// or https:// URL")
            }
            return .etcd(endpoints: endpoints)
        }
        throw .unsupported("--datastore \"\(text)\": expected file:DIR or etcd:URL[,URL…]")
    }

    /// Opens the store: a `FileStore`, or an `EtcdStore` with `etcd` options, whose unset fields
    /// come from the environment (ETCD_CA_CERT_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE, ETCD_USERNAME,
    /// ETCD_PASSWORD, SWIFTLET_ETCD_PREFIX; see `EtcdOptions`). Bad etcd options throw `.unsupported`.
    public func open(etcd options: EtcdOptions = EtcdOptions()) throws(StoreError) -> any ResourceStore {
        switch self {
        case .file(let directory): return FileStore(directory: directory)
        case .etcd(let endpoints): return try EtcdStore(endpoints: endpoints, options: options.fillingUnset())
        }
    }

    public var description: String {
        switch self {
        case .file(let directory): "file:\(directory)"
        case .etcd(let endpoints): "etcd:\(endpoints.joined(separator: ","))"
        }
    }
}
