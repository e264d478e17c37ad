/// `--datastore file:DIR|etcd:URL[,URL…]` and the etcd settings, shared by the subcommands that
/// read or write resources (apply, get, delete, render). Falls back to the SWIFTLET_DATASTORE
/// environment variable, as calicoctl falls back to DATASTORE_TYPE/ETCD_ENDPOINTS, and the etcd
/// settings to calicoctl's ETCD_* variables (see docs/etcd.md).
import ArgumentParser
import Datastore
import Foundation

struct DatastoreOptions: ParsableArguments {
    @Option(name: .long, help: "file:DIR or etcd:URL[,URL…] (default: $SWIFTLET_DATASTORE).")
    var datastore: String?

    @Option(name: .customLong("etcd-prefix"), help: "etcd key prefix (default: $SWIFTLET_ETCD_PREFIX or /swiftlet/v3/).")
    var etcdPrefix: String?

    @Option(name: .customLong("etcd-ca-cert-file"), help: "CA certificate of the etcd servers (default: $ETCD_CA_CERT_FILE).")
    var etcdCACertFile: String?

    @Option(name: .customLong("etcd-cert-file"), help: "Client certificate for etcd (default: $ETCD_CERT_FILE).")
    var etcdCertFile: String?

    @Option(name: .customLong("etcd-key-file"), help: "Client certificate's key (default: $ETCD_KEY_FILE).")
    var etcdKeyFile: String?

    @Option(name: .customLong("etcd-username"),
            help: "etcd user (default: $ETCD_USERNAME); the password is read from $ETCD_PASSWORD only, never from the command line.")
    var etcdUsername: String?

    /// The parsed location: the option, else the environment variable; neither is an error.
    func location() throws -> StoreLocation {
        let text = datastore ?? ProcessInfo.processInfo.environment[StoreLocation.environmentVariable]
        guard let text, !text.isEmpty else {
            throw ValidationError("no datastore: pass --datastore file:DIR|etcd:URL or set \(StoreLocation.environmentVariable)")
        }
        do { return try StoreLocation.parse(text) } catch { throw ValidationError(error.description) }
    }

    /// The etcd settings: these options, then the environment for what they leave unset.
    func etcdOptions() -> EtcdOptions {
        EtcdOptions(prefix: etcdPrefix ?? EtcdOptions.defaultPrefix, caFile: etcdCACertFile, certFile: etcdCertFile,
                    keyFile: etcdKeyFile, username: etcdUsername)
    }

    /// Opens the store the options name.
    func open() throws -> any ResourceStore {
        let location = try location()
        do { return try location.open(etcd: etcdOptions()) } catch { throw ValidationError(error.description) }
    }
}
