/// `swiftletctl [--datastore …] delete KIND NAME`: removes one resource, refused (nothing
/// written) when the rest would not validate — a BGPFilter still named by a BGPPeer.
import ArgumentParser
import CalicoModel
import Datastore
import Foundation

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove one resource from the datastore.")

    @OptionGroup var store: DatastoreOptions

    @Argument(help: "Kind: BGPConfiguration, Node, BGPPeer, IPPool, BlockAffinity, BGPFilter (any case, singular or plural).")
    var kind: String

    @Argument(help: "Name of the resource.")
    var name: String

    func validate() throws {
        guard EtcdKeyLayout.kind(named: kind) != nil else { throw ValidationError(ResourceKindArgument.unknown(kind)) }
    }

    func run() throws {
        let key = ResourceKey(kind: EtcdKeyLayout.kind(named: kind)!, name: name)
        let target = try store.open()
        do {
            try target.delete(kind: key.kind, name: key.name)
        } catch .invalid(let errors) {
            exitFailure("\(errors.map(\.description).joined(separator: "\n"))\n\(errors.count) error(s); \(key) not deleted")
        } catch {
            exitFailure("swiftletctl delete: \(error)")
        }
        print("\(key) deleted")
    }
}
