/// `FileStore.put` / `delete`: plan the file edits, prove the result validates (by loading the
/// directory as it would be), then write each file atomically.
import CalicoModel

extension FileStore {
    @discardableResult
    public func put(_ resource: Resource) throws(StoreError) -> Int64 {
        try edit { current, cache throws(StoreError) in
            var proposed = current.all.filter { $0.key != resource.key }
            proposed.append(resource)
            return try plan(key: resource.key, replacement: resource, current: current, cache: cache,
                            expected: ResourceSet(proposed))
        }
    }

    @discardableResult
    public func delete(kind: ResourceKind, name: String) throws(StoreError) -> Int64 {
        let key = ResourceKey(kind: kind, name: name)
        return try edit { current, cache throws(StoreError) in
            guard current.byKey[key] != nil else { throw .notFound(key) }
            return try plan(key: key, replacement: nil, current: current, cache: cache,
                            expected: ResourceSet(current.all.filter { $0.key != key }))
        }
    }

    /// A file to write (`text`) or remove (nil).
    typealias FileEdit = (path: String, text: String?)

    /// Runs `makePlan` against the current good state, applies its edits, returns the new revision.
    private func edit(_ makePlan: (ResourceSet, ParsedFileCache) throws(StoreError) -> [FileEdit]) throws(StoreError) -> Int64 {
        let edits = try state.withRefreshed { outcome, cache throws(StoreError) -> [FileEdit] in
            switch outcome {
            case .unavailable(let reason): throw .unavailable(reason)
            case .invalid(let errors, _): throw .invalid(errors)   // fix the directory first
            case .good(let current, _):
                let edits = try makePlan(current, cache)
                for e in edits {
                    if let text = e.text { try AtomicFile.write(text, to: e.path) } else { try AtomicFile.remove(e.path) }
                    cache.invalidate(e.path)
                }
                return edits
            }
        }
        switch state.refreshAfterWrite(Set(edits.map(\.path))) {
        case .good(_, let revision): return revision
        case .invalid(let errors, _): throw .invalid(errors)   // someone else edited meanwhile
        case .unavailable(let reason): throw .unavailable(reason)
        }
    }

    /// Where the change goes: the file already holding `key` (its document replaced or removed,
    /// the other documents untouched), else a new `<kind>-<name>.yaml`. The plan is accepted
    /// only if the directory with these edits loads to exactly `expected`.
    private func plan(key: ResourceKey, replacement: Resource?, current: ResourceSet, cache: ParsedFileCache,
                      expected: ResourceSet) throws(StoreError) -> [FileEdit] {
        let errors = expected.validate()
        guard errors.isEmpty else { throw .invalid(errors) }
        var candidates: [[FileEdit]] = []
        if let origin = current.origins[key], let entry = cache.entries[origin.file] {
            let others = current.all.filter { $0.key != key && current.origins[$0.key]?.file == origin.file }
            if others.isEmpty {
                candidates.append([(origin.file, replacement?.yamlText)])
            } else {
                let text = replacement?.yamlText
                if let edited = YAMLDocuments(entry.source.contents).replacing(document: origin.document, with: text) {
                    candidates.append([(origin.file, edited)])
                }
                // Fallback (e.g. `kind: List`): write the whole file again from the model.
                let rewritten = (others + (replacement.map { [$0] } ?? [])).map(\.yamlText).joined(separator: "---\n")
                candidates.append([(origin.file, rewritten)])
            }
        } else if let replacement {
            candidates.append([(newFilePath(for: key, cache: cache), replacement.yamlText)])
        }
        var lastErrors: [ConfigError] = []
        for edits in candidates {
            switch verify(edits, cache: cache, expected: expected) {
            case .success: return edits
            case .failure(let e): lastErrors = e.errors
            }
        }
        throw .invalid(lastErrors.isEmpty
            ? [ConfigError(file: directory, document: 0, resource: key.description, field: "", value: "",
                           reason: "cannot be written back faithfully as YAML")]
            : lastErrors)
    }

    /// Loads the directory as it would be after `edits` and compares it with `expected`.
    private func verify(_ edits: [FileEdit], cache: ParsedFileCache, expected: ResourceSet) -> Result<Void, ConfigErrors> {
        var sources = Dictionary(uniqueKeysWithValues: cache.entries.map { ($0.key, $0.value.source) })
        for e in edits { sources[e.path] = e.text.map { SourceFile(path: e.path, contents: $0) } }
        do {
            let loaded = try ResourceSet.load(sources.keys.sorted().compactMap { sources[$0] })
            guard loaded.sameContent(as: expected) else { return .failure(ConfigErrors([])) }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// `<dir>/<kind>-<name>.yaml` (kind in lower case), with a number added if that is taken.
    private func newFilePath(for key: ResourceKey, cache: ParsedFileCache) -> String {
        let safe = key.name.map { $0 == "/" ? "_" : $0 }
        let base = "\(directory)/\(key.kind.rawValue.lowercased())-\(String(safe))"
        var path = base + ".yaml"
        var n = 2
        while cache.entries[path] != nil { path = "\(base)-\(n).yaml"; n += 1 }
        return path
    }
}
