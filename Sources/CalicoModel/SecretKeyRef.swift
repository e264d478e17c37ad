/// A reference to one key of a Kubernetes Secret, as in `password.secretKeyRef`.

public struct SecretKeyRef: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var key: String

    public init(name: String, key: String) {
        self.name = name
        self.key = key
    }

    /// The file that holds the value when the Secret is mounted as a volume: `<dir>/<name>/<key>`.
    public func path(in secretsDirectory: String) -> String {
        let dir = secretsDirectory.hasSuffix("/") ? String(secretsDirectory.dropLast()) : secretsDirectory
        return "\(dir)/\(name)/\(key)"
    }

    public var description: String { "secret \(name)/\(key)" }
}
