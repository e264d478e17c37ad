/// `swiftletctl [--datastore …] apply -f FILE`: creates or replaces every resource of a YAML
/// (or JSON) file in the datastore — file or etcd. Each document is checked on its own, then
/// the store as it would be afterwards; nothing is written unless both pass. Prints one line
/// per resource: created, configured or unchanged.
import ArgumentParser
import CalicoModel
import Datastore
import Foundation

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or replace the resources of a file in the datastore.")

    @OptionGroup var store: DatastoreOptions

    @Option(name: .short, help: "File of Calico v3 resources (several documents allowed; - for standard input).")
    var file: String

    func run() throws {
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): cannot read")
            }
            guard let t = String(data: data, encoding: .utf8) else { throw ValidationError("\(file): not UTF-8 text") }
            text = t
        }
        let resources: [Resource]
        do {
            // Each document on its own; references to resources already stored are checked below.
            resources = try ResourceSet.decode([SourceFile(path: file == "-" ? "<stdin>" : file, contents: text)]).all
        } catch {
            exitFailure("\(error.errors.map(\.description).joined(separator: "\n"))\n\(error.errors.count) error(s); nothing applied")
        }
        guard !resources.isEmpty else { exitFailure("\(file): no resource to apply") }
        let target = try store.open()
        do {
            for (key, action) in try target.apply(resources) { print("\(key) \(action.rawValue)") }
        } catch .invalid(let errors) {
            exitFailure("\(errors.map(\.description).joined(separator: "\n"))\n\(errors.count) error(s); nothing applied")
        } catch {
            exitFailure("swiftletctl apply: \(error)")
        }
    }
}

/// Prints `message` on standard error and exits with status 1.
func exitFailure(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    ApplyCommand.exit(withError: ExitCode(1))
}
