/// `swiftletctl check DIR [--node NAME] [--secrets-dir DIR]`: parses and validates every
/// *.yaml/*.yml file under DIR (recursively) as Calico v3 resources, prints the canonical form of
/// what it understood and, with --node, that node's desired BGP configuration. All errors are
/// printed and the exit status is 1 on invalid input. The logic is in `CalicoModel`.
import ArgumentParser
import CalicoModel
import Datastore
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a directory of Calico v3 resources and print what Swiftlet understands.")

    @Argument(help: "Directory (or single file) of YAML files holding Calico v3 resources.")
    var directory: String

    @Option(name: .long, help: "Also print this node's desired BGP configuration.")
    var node: String?

    @Option(name: .long, help: "Where BGP password Secrets are mounted (<dir>/<secret>/<key>).")
    var secretsDir = "/etc/swiftlet/secrets"

    func run() throws {
        let resources: ResourceSet
        do {
            resources = try load()
        } catch .invalid(let errors) {
            FileHandle.standardError.write(Data("\(errors.map(\.description).joined(separator: "\n"))\n\(errors.count) error(s)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("swiftletctl check: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let files = Set(resources.origins.values.map(\.file)).count
        print("# \(files) file(s), \(resources.count) resource(s)")
        print(resources.canonicalText)
        if let node { try printNode(node, resources) }
    }

    /// A directory is read exactly as swiftletd reads it (Datastore's FileStore: recursive,
    /// dotfiles and editor backups skipped, validated as one set); a single file on its own.
    private func load() throws(StoreError) -> ResourceSet {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            guard let text = try? String(contentsOfFile: directory, encoding: .utf8) else {
                throw .unavailable("\(directory): cannot read as UTF-8 text")
            }
            do { return try ResourceSet.load(path: directory, contents: text) } catch { throw .invalid(error.errors) }
        }
        return try FileStore(directory: directory).list().resources
    }

    private func printNode(_ name: String, _ resources: ResourceSet) throws {
        do {
            let config = try DesiredNodeConfig.compute(resources: resources, nodeName: name, secretsDirectory: secretsDir)
            print("\n# desired configuration of node \(name)")
            print(config.canonicalText)
        } catch {
            FileHandle.standardError.write(Data("swiftletctl check: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
