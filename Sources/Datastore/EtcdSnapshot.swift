/// `EtcdSnapshot`: the raw content of the prefix (key → value, mod revision) and its
/// validation into one `ResourceSet`, with each value's decode cached by key and revision.
import CalicoModel

/// One key's value as etcd holds it.
struct EtcdValue: Hashable, Sendable {
    var text: String
    var modRevision: Int64
}

/// Every key under the prefix at one revision.
struct EtcdRawState: Sendable {
    var values: [String: EtcdValue]
    var revision: Int64
}

/// Decodes values once per (key, mod revision) and validates the whole set the way the file
/// store does: each value decoded on its own (its errors name the key as the "file"), then the
/// union checked by `ResourceSet.validate()`. The errors are those `ResourceSet.load` gives for
/// the same documents (load = decode + validate).
struct EtcdDecodeCache {
    private struct Entry {
        var modRevision: Int64
        var decoded: Result<Resource, ConfigErrors>
        var origin: ResourceOrigin?
    }

    private var entries: [String: Entry] = [:]
    let layout: EtcdKeyLayout

    init(layout: EtcdKeyLayout) { self.layout = layout }

    /// The validated set, or every problem found (all keys, not only the first bad one).
    mutating func evaluate(_ values: [String: EtcdValue]) -> Result<ResourceSet, ConfigErrors> {
        for key in entries.keys where values[key] == nil { entries[key] = nil }
        var resources: [Resource] = []
        var origins: [ResourceKey: ResourceOrigin] = [:]
        var errors: [ConfigError] = []
        for key in values.keys.sorted() {
            let value = values[key]!
            if entries[key]?.modRevision != value.modRevision {
                entries[key] = decode(key: key, value: value)
            }
            guard let entry = entries[key] else { continue }   // a kind Swiftlet does not read
            switch entry.decoded {
            case .success(let r):
                resources.append(r)
                origins[r.key] = entry.origin
            case .failure(let e):
                errors += e.errors
            }
        }
        guard errors.isEmpty else { return .failure(ConfigErrors(errors)) }
        var set = ResourceSet(resources)
        set.origins = origins
        let problems = set.validate()
        return problems.isEmpty ? .success(set) : .failure(ConfigErrors(problems))
    }

    /// nil for keys of kinds Swiftlet does not read.
    private func decode(key: String, value: EtcdValue) -> Entry? {
        func failure(_ field: String, _ shown: String, _ reason: String) -> Entry {
            Entry(modRevision: value.modRevision,
                  decoded: .failure(ConfigErrors([ConfigError(file: key, document: 0, field: field, value: shown, reason: reason)])),
                  origin: nil)
        }
        let expected: ResourceKey
        switch layout.parse(key) {
        case .otherKind: return nil
        case .malformed(let why): return failure("", "", "not a Swiftlet resource key: \(why)")
        case .resource(let k): expected = k
        }
        let set: ResourceSet
        do {
            set = try ResourceSet.decode([SourceFile(path: key, contents: value.text)])
        } catch {
            return Entry(modRevision: value.modRevision, decoded: .failure(error), origin: nil)
        }
        guard set.count == 1, let resource = set.all.first else {
            return failure("", "", "holds \(set.count) resources; a key holds exactly one (\(expected))")
        }
        guard resource.key == expected else {
            return failure(resource.key.kind == expected.kind ? "metadata.name" : "kind",
                           resource.key.kind == expected.kind ? resource.key.name : resource.kind.rawValue,
                           "the key names \(expected) but the value holds \(resource.key)")
        }
        return Entry(modRevision: value.modRevision, decoded: .success(resource), origin: set.origins[resource.key])
    }
}
