/// Locating Calico's confd fixtures (../shared next to the package) and reading files for tests.
import CalicoModel
import Foundation

enum Fixtures {
    /// The package root, from this file's path (Tests/CalicoModelTests/FixtureSupport.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let confdRoot = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/calico-confd")

    static var available: Bool { FileManager.default.fileExists(atPath: confdRoot.path) }

    static let skipMessage = "Calico fixtures not found at ../shared/data/calico-confd; skipping"

    static func read(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).flatMap { String(data: $0, encoding: .utf8) }
    }

    static func input(_ scenario: String) throws -> ResourceSet {
        let url = confdRoot.appendingPathComponent("mock_data/calicoctl/\(scenario)/input.yaml")
        return try ResourceSet.load(path: url.path, contents: read(url) ?? "")
    }

    /// Every file under `dir` whose name satisfies `keep`, sorted, as paths relative to `dir`.
    static func files(under dir: URL, _ keep: (String) -> Bool) -> [String] {
        let walker = FileManager.default.enumerator(atPath: dir.path)
        var out: [String] = []
        while let rel = walker?.nextObject() as? String {
            if keep(rel) { out.append(rel) }
        }
        return out.sorted()
    }
}
