/// `YAMLDirectory`: reads every *.yaml / *.yml file under a directory (recursively, sorted by
/// path) into `SourceFile`s for CalicoModel, which never touches the file system itself.
import CalicoModel
import Foundation

public enum YAMLDirectory {
    /// Reads `root` (a directory, or a single file). Unreadable files are configuration errors.
    public static func read(_ root: String) throws(DaemonError) -> [SourceFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw .invalidConfiguration(["\(root): no such file or directory"])
        }
        let paths = isDirectory.boolValue ? yamlPaths(under: root) : [root]
        var files: [SourceFile] = []
        var problems: [String] = []
        for path in paths {
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                files.append(SourceFile(path: path, contents: text))
            } else {
                problems.append("\(path): cannot read as UTF-8 text")
            }
        }
        guard problems.isEmpty else { throw .invalidConfiguration(problems) }
        return files
    }

    /// Every *.yaml / *.yml path under `root`, sorted.
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
