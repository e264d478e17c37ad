/// `ParsedFileCache`: each resource file's text and parse result, keyed by path and reused while
/// its `stat` signature is unchanged; builds the validated snapshot of the whole directory.
import CalicoModel
import Foundation

struct ParsedFileCache {
    struct Entry {
        var signature: FileSignature
        var source: SourceFile
        /// The file loaded on its own: valid alone, or why not (perhaps only because it names a
        /// resource defined in another file — the whole-set fallback sorts that out).
        var alone: Result<ResourceSet, ConfigErrors>
    }

    private(set) var entries: [String: Entry] = [:]

    /// Brings the cache in line with `scan`: drops vanished files, (re)reads files whose
    /// signature changed and every path in `forced` (inotify named it: a rewrite within the
    /// same clock tick can keep size and mtime). Returns read problems as errors.
    mutating func update(_ scan: DirectoryScan, forced: Set<String>, forceAll: Bool) -> [ConfigError] {
        for path in entries.keys where scan.files[path] == nil { entries[path] = nil }
        var problems: [ConfigError] = []
        for (path, signature) in scan.files {
            if !forceAll, !forced.contains(path), entries[path]?.signature == signature { continue }
            switch ParsedFileCache.read(path) {
            case .success(let text):
                let source = SourceFile(path: path, contents: text)
                let alone = Result { () throws(ConfigErrors) -> ResourceSet in try ResourceSet.load([source]) }
                entries[path] = Entry(signature: signature, source: source, alone: alone)
            case .failure(let error):
                entries[path] = nil
                problems.append(error)
            case nil:
                entries[path] = nil   // removed since the walk
            }
        }
        return problems
    }

    /// Forgets one file (after we rewrote it ourselves).
    mutating func invalidate(_ path: String) { entries[path] = nil }

    /// The validated set of every cached file. Fast path: every file valid alone, no key
    /// defined twice, cross-resource rules pass on the union. Otherwise the whole set is loaded
    /// again by CalicoModel, which reports every error exactly as `swiftletctl check` does.
    func snapshot() -> Result<ResourceSet, ConfigErrors> {
        let ordered = entries.keys.sorted().compactMap { entries[$0] }
        var merged: [Resource] = []
        var origins: [ResourceKey: ResourceOrigin] = [:]
        var fast = true
        for entry in ordered {
            guard case .success(let set) = entry.alone else { fast = false; break }
            for r in set.all {
                if origins[r.key] != nil { fast = false }
                origins[r.key] = set.origins[r.key]
                merged.append(r)
            }
        }
        if fast {
            var set = ResourceSet(merged)
            set.origins = origins
            if set.validate().isEmpty { return .success(set) }
        }
        return Result { () throws(ConfigErrors) -> ResourceSet in try ResourceSet.load(ordered.map(\.source)) }
    }

    /// The file's text; nil when it no longer exists.
    static func read(_ path: String) -> Result<String, ConfigError>? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path)
                ? .failure(ConfigError(file: path, document: 0, field: "", value: "", reason: "cannot read file"))
                : nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigError(file: path, document: 0, field: "", value: "", reason: "not UTF-8 text"))
        }
        return .success(text)
    }
}
