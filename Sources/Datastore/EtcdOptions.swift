/// `EtcdOptions`: how to reach an etcd v3 cluster — key prefix, TLS files, user and password,
/// timeouts — with calicoctl's environment variables as fallbacks.
import Foundation

/// Settings of an `EtcdStore` beyond its endpoints (which come from `etcd:URL[,URL…]`).
public struct EtcdOptions: Hashable, Sendable {
    /// Every resource lives under `<prefix>projectcalico.org/<plural kind>/<name>`. Ends with `/`.
    public var prefix: String
    /// PEM file of the CA that signed the etcd servers' certificates (https:// endpoints).
    public var caFile: String?
    /// PEM client certificate and key, for clusters started with `--client-cert-auth`.
    public var certFile: String?
    public var keyFile: String?
    /// etcd user and password (`/v3/auth/authenticate`); both or neither.
    public var username: String?
    public var password: String?
    /// Time allowed to open a connection (TCP and TLS) to one endpoint before trying the next.
    public var dialTimeout: Double
    /// Time allowed for one request (range, txn, authenticate), connection included.
    public var requestTimeout: Double

    public static let defaultPrefix = "/swiftlet/v3/"

    /// The environment variables read by `fromEnvironment` (calicoctl's names for the TLS and
    /// auth settings, Swiftlet's own for the prefix).
    public enum Variable {
        public static let prefix = "SWIFTLET_ETCD_PREFIX"
        public static let caFile = "ETCD_CA_CERT_FILE"
        public static let certFile = "ETCD_CERT_FILE"
        public static let keyFile = "ETCD_KEY_FILE"
        public static let username = "ETCD_USERNAME"
        public static let password = "ETCD_PASSWORD"
    }

    public init(prefix: String = EtcdOptions.defaultPrefix, caFile: String? = nil, certFile: String? = nil,
                keyFile: String? = nil, username: String? = nil, password: String? = nil,
                dialTimeout: Double = 2, requestTimeout: Double = 5) {
        self.prefix = prefix
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.username = username
        self.password = password
        self.dialTimeout = dialTimeout
        self.requestTimeout = requestTimeout
    }

    /// Options from the environment only (unset or empty variables leave the defaults).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> EtcdOptions {
        EtcdOptions().fillingUnset(from: environment)
    }

    /// These options with every unset field taken from the environment (explicit settings win).
    public func fillingUnset(from environment: [String: String] = ProcessInfo.processInfo.environment) -> EtcdOptions {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var o = self
        if o.prefix == EtcdOptions.defaultPrefix, let p = env(Variable.prefix) { o.prefix = p }
        o.caFile = o.caFile ?? env(Variable.caFile)
        o.certFile = o.certFile ?? env(Variable.certFile)
        o.keyFile = o.keyFile ?? env(Variable.keyFile)
        o.username = o.username ?? env(Variable.username)
        o.password = o.password ?? env(Variable.password)
        return o
    }

    /// Refuses contradictory settings with a message naming the option (and its variable).
    public func validated() throws(StoreError) -> EtcdOptions {
        guard prefix.hasPrefix("/"), prefix.hasSuffix("/"), prefix.count > 1 else {
            throw .unsupported("etcd prefix \"\(prefix)\" (--etcd-prefix or \(Variable.prefix)): must start and end with \"/\", e.g. \(EtcdOptions.defaultPrefix)")
        }
        if (certFile == nil) != (keyFile == nil) {
            throw .unsupported("etcd client certificate: give both the certificate (\(Variable.certFile)) and its key (\(Variable.keyFile)), or neither")
        }
        if (username == nil) != (password == nil) {
            throw .unsupported("etcd authentication: give both the user (\(Variable.username)) and the password (\(Variable.password)), or neither")
        }
        for (what, path) in [("CA certificate", caFile), ("client certificate", certFile), ("client key", keyFile)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) {
                throw .unsupported("etcd \(what) \(path): not a readable file")
            }
        }
        guard dialTimeout > 0, requestTimeout > 0 else {
            throw .unsupported("etcd timeouts must be positive (dial \(dialTimeout) s, request \(requestTimeout) s)")
        }
        return self
    }
}
