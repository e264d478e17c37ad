/// `ConfigLoader`: datastore → validated `NodeConfiguration`, or every problem at once. The same
/// steps at start-up and on reload (SIGHUP or `swiftletctl reload`): list the store (Datastore:
/// reading and validating the YAML files is the store's job), compute this node's configuration
/// (CalicoModel), read the peers' passwords. The store is opened once, so the daemon's watch
/// and its SIGHUP re-reads share one store (one inotify tree, one etcd client).
import CalicoModel
import Datastore

public struct ConfigLoader: Sendable {
    public let datastore: StoreLocation
    public let nodeName: String
    public let secretsDirectory: String
    /// The opened store, or why it could not be opened (reported by every `load()`).
    public let store: Result<any ResourceStore, StoreError>

    public init(datastore: StoreLocation, nodeName: String, secretsDirectory: String) {
        self.datastore = datastore
        self.nodeName = nodeName
        self.secretsDirectory = secretsDirectory
        store = Result { () throws(StoreError) in try datastore.open() }
    }

    /// Lists the store and computes the configuration; throws `DaemonError.invalidConfiguration`
    /// with one line per problem (file, document, field path, value, reason), all of them.
    public func load() throws(DaemonError) -> NodeConfiguration {
        let listed: (resources: ResourceSet, revision: Int64)
        do {
            listed = try store.get().list()
        } catch {
            throw DaemonError(error, datastore: datastore)
        }
        return try configuration(from: listed.resources, revision: listed.revision)
    }

    /// This node's configuration from one validated snapshot of the store (a `list()` or a
    /// watch's `.changed`).
    public func configuration(from resources: ResourceSet, revision: Int64) throws(DaemonError) -> NodeConfiguration {
        let desired: DesiredNodeConfig
        do {
            desired = try DesiredNodeConfig.compute(resources: resources, nodeName: nodeName,
                                                    secretsDirectory: secretsDirectory)
        } catch {
            throw .invalidConfiguration(["\(datastoreName): \(error)"])
        }
        let passwords = try readPasswords(desired.peers)
        let fileCount = Set(resources.origins.values.map(\.file)).count
        var configuration = NodeConfiguration(desired: desired, passwords: passwords, fileCount: fileCount,
                                              resourceCount: resources.count, revision: revision)
        configuration.localNode = resources.nodes.first { $0.name == nodeName }  // tunnel addresses for the kernel writer
        return configuration
    }

    /// The directory for a file store (what operators wrote), the URL list otherwise.
    private var datastoreName: String {
        if case .file(let directory) = datastore { return directory }
        return datastore.description
    }

    /// Every peer's password, collecting all unreadable ones before failing.
    private func readPasswords(_ peers: [PeerConfig]) throws(DaemonError) -> [String: String] {
        var out: [String: String] = [:]
        var problems: [String] = []
        for peer in peers {
            guard let password = peer.password else { continue }
            do {
                out[password.path] = try SecretFiles.read(password, peer: peer.name)
            } catch {
                if case .invalidConfiguration(let lines) = error { problems += lines } else { problems.append("\(error)") }
            }
        }
        guard problems.isEmpty else { throw .invalidConfiguration(problems) }
        return out
    }
}

extension DaemonError {
    /// A store that cannot be listed: invalid resources (every problem, one line each), a
    /// datastore that is not there, or one not supported yet.
    init(_ error: StoreError, datastore: StoreLocation) {
        switch error {
        case .invalid(let errors): self = .invalidConfiguration(errors.map(\.description))
        case .unavailable(let reason): self = .invalidConfiguration([reason])
        case .unsupported(let text): self = .invalidOption("--datastore \(datastore): \(text)")
        case .notFound(let key): self = .invalidConfiguration(["\(datastore): \(key) not found"])
        }
    }
}
