/// `--datastore file:DIR|etcd:URL[,URL…]`, shared by the subcommands that read or write
/// resources (apply, get, delete, render). Falls back to the SWIFTLET_DATASTORE environment
/// variable, as calicoctl falls back to DATASTORE_TYPE/ETCD_ENDPOINTS.
import ArgumentParser
import Datastore
import Foundation

struct DatastoreOptions: ParsableArguments {
    @Option(name: .long, help: "file:DIR or etcd:URL[,URL…] (default: $SWIFTLET_DATASTORE).")
    var datastore: String?

    /// The parsed location: the option, else the environment variable; neither is an error.
    func location() throws -> StoreLocation {
        let text = datastore ?? ProcessInfo.processInfo.environment[StoreLocation.environmentVariable]
        guard let text, !text.isEmpty else {
            throw ValidationError("no datastore: pass --datastore file:DIR|etcd:URL or set \(StoreLocation.environmentVariable)")
        }
        do { return try StoreLocation.parse(text) } catch { throw ValidationError(error.description) }
    }

    /// Opens the store the options name.
    func open() throws -> any ResourceStore {
        let location = try location()
        do { return try location.open() } catch { throw ValidationError(error.description) }
    }
}
