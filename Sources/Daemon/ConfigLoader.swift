/// `ConfigLoader`: datastore → validated `NodeConfiguration`, or every problem at once. The same
/// steps at start-up and on reload (SIGHUP or `swiftletctl reload`): read the YAML files, load and
/// validate them (CalicoModel), compute this node's configuration, read the peers' passwords.
import CalicoModel

public struct ConfigLoader: Sendable {
    public var datastore: DatastoreLocation
    public var nodeName: String
    public var secretsDirectory: String

    public init(datastore: DatastoreLocation, nodeName: String, secretsDirectory: String) {
        self.datastore = datastore
        self.nodeName = nodeName
        self.secretsDirectory = secretsDirectory
    }

    /// Loads the configuration; throws `DaemonError.invalidConfiguration` with one line per
    /// problem (file, document, field path, value, reason), all of them.
    public func load() throws(DaemonError) -> NodeConfiguration {
        guard case .directory(let root) = datastore else { throw .invalidOption("unsupported datastore \(datastore)") }
        let files = try YAMLDirectory.read(root)
        let resources: ResourceSet
        do {
            resources = try ResourceSet.load(files)
        } catch {
            throw .invalidConfiguration(error.errors.map(\.description))
        }
        let desired: DesiredNodeConfig
        do {
            desired = try DesiredNodeConfig.compute(resources: resources, nodeName: nodeName,
                                                    secretsDirectory: secretsDirectory)
        } catch {
            throw .invalidConfiguration(["\(root): \(error)"])
        }
        let passwords = try readPasswords(desired.peers)
        return NodeConfiguration(desired: desired, passwords: passwords, fileCount: files.count,
                                 resourceCount: resources.count)
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
