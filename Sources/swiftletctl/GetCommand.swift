/// `swiftletctl [--datastore …] get KIND [NAME] [-o yaml|json]`: prints resources as stored,
/// in a form `apply -f` reads back (YAML documents, or JSON: one object, or a `<Kind>List`).
import ArgumentParser
import CalicoModel
import Datastore
import Foundation

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print resources of one kind (or one resource) from the datastore.")

    @OptionGroup var store: DatastoreOptions

    @Argument(help: "Kind: BGPConfiguration, Node, BGPPeer, IPPool, BlockAffinity, BGPFilter (any case, singular or plural).")
    var kind: String

    @Argument(help: "Name of one resource (default: all of that kind).")
    var name: String?

    @Option(name: [.short, .customLong("output")], help: "yaml or json.")
    var output = "yaml"

    func validate() throws {
        guard EtcdKeyLayout.kind(named: kind) != nil else { throw ValidationError(ResourceKindArgument.unknown(kind)) }
        guard ResourceFormat(rawValue: output) != nil else { throw ValidationError("-o \(output): expected yaml or json") }
    }

    func run() throws {
        let kind = EtcdKeyLayout.kind(named: kind)!, format = ResourceFormat(rawValue: output)!
        let resources: ResourceSet
        do {
            resources = try store.open().list().resources
        } catch let error as StoreError {
            exitFailure("swiftletctl get: \(error)")
        }
        let matching = resources.all.filter { $0.kind == kind && (name == nil || $0.key.name == name) }
        if let name {
            guard let one = matching.first else { exitFailure("\(ResourceKey(kind: kind, name: name)): not found") }
            print(one.text(format), terminator: "")
        } else if format == .json {
            print(Resource.text(matching, .json), terminator: "")
        } else {
            print(Resource.text(matching, .yaml), terminator: "")
        }
    }
}

/// The error for a KIND argument Swiftlet does not know.
enum ResourceKindArgument {
    static func unknown(_ text: String) -> String {
        "unknown kind \"\(text)\": expected one of \(ResourceKind.allCases.map(\.rawValue).joined(separator: ", "))"
    }
}
