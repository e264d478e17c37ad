/// Locating Calico's confd fixtures for the Templater tests: `$SWIFTLET_SHARED/data/calico-confd`
/// when that variable is set, otherwise `../shared/data/calico-confd` next to the package (as
/// CalicoModelTests does). Tests that need them skip with `skipMessage` when they are absent.
import CalicoModel
import Foundation
import Templater

enum ConfdFixtures {
    /// The package root, from this file's path (Tests/TemplaterTests/ConfdFixtures.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root: URL = {
        if let shared = ProcessInfo.processInfo.environment["SWIFTLET_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("data/calico-confd")
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/calico-confd")
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: root.path) }

    static var skipMessage: String { "Calico confd fixtures not found at \(root.path) (set SWIFTLET_SHARED); skipping" }

    static var compiledRoot: URL { root.appendingPathComponent("compiled_templates") }
    static var inputRoot: URL { root.appendingPathComponent("mock_data/calicoctl") }

    static func read(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// Every file under `dir` whose relative path satisfies `keep`, sorted.
    static func files(under dir: URL, _ keep: (String) -> Bool) -> [String] {
        let walker = FileManager.default.enumerator(atPath: dir.path)
        var out: [String] = []
        while let rel = walker?.nextObject() as? String {
            if keep(rel) { out.append(rel) }
        }
        return out.sorted()
    }

    /// Every compiled BIRD file (relative to compiled_templates), for parser smoke tests.
    static func compiledFiles() -> [String] {
        guard available else { return [] }
        return files(under: compiledRoot) { $0.hasSuffix(".cfg") }
    }
}
