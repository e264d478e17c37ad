/// `swiftletctl check DIR [--node NAME] [--secrets-dir DIR]`: parses and validates every
/// *.yaml/*.yml file under DIR (recursively) as Calico v3 resources, prints the canonical form of
/// what it understood and, with --node, that node's desired BGP configuration. All errors are
/// printed and the exit status is 1 on invalid input. The logic is in `CalicoModel`.
import ArgumentParser
import CalicoModel
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
        let files: [SourceFile]
        do {
            files = try YAMLFileCollection.read(directory)
        } catch {
            FileHandle.standardError.write(Data("swiftletctl check: \(error)\n".utf8))
            throw ExitCode(2)
        }
        do {
            let resources = try ResourceSet.load(files)
            print("# \(files.count) file(s), \(resources.count) resource(s)")
            print(resources.canonicalText)
            if let node { try printNode(node, resources) }
        } catch let errors as ConfigErrors {
            FileHandle.standardError.write(Data("\(errors)\n\(errors.errors.count) error(s)\n".utf8))
            throw ExitCode(1)
        }
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

/// Reads every *.yaml / *.yml file under a directory, sorted by path (I/O stays out of CalicoModel).
enum YAMLFileCollection {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ root: String) throws -> [SourceFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw ReadError(description: "\(root): no such file or directory")
        }
        let paths = isDirectory.boolValue ? yamlPaths(under: root) : [root]
        return try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else {
                throw ReadError(description: "\(path): cannot read as UTF-8 text")
            }
            return SourceFile(path: path, contents: text)
        }
    }

    static func yamlPaths(under root: String) -> [String] {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        let walker = FileManager.default.enumerator(atPath: base)
        var out: [String] = []
        while let relative = walker?.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { out.append("\(base)/\(relative)") }
        }
        return out.sorted()
    }
}
