/// Decoding without cross-resource validation: each document checked on its own (fields,
/// kinds, duplicates), for callers that validate the union with other resources themselves
/// (`swiftletctl apply` merging a file into a store, the etcd store's per-key values).

extension ResourceSet {
    /// Parses `files` and checks every document on its own and duplicate keys, but not the rules
    /// that involve several resources (`validate()`): a BGPPeer naming a BGPFilter that is not in
    /// `files` decodes. `load(files)` = `decode(files)` + `validate()`, with the same errors.
    public static func decode(_ files: [SourceFile]) throws(ConfigErrors) -> ResourceSet {
        let (set, errors) = decodeCollecting(files)
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return set
    }

    /// Every document of every file decoded into one set (what decoded), with every per-document
    /// and duplicate-key error; cross-resource rules are not checked.
    static func decodeCollecting(_ files: [SourceFile]) -> (ResourceSet, [ConfigError]) {
        var set = ResourceSet()
        var errors: [ConfigError] = []
        var decoded: [DecodedResource] = []
        for file in files {
            let (resources, fileErrors) = decodeFile(file)
            decoded += resources
            errors += fileErrors
        }
        errors += duplicates(decoded)
        for d in decoded {
            set.insert(d.resource)
            set.origins[d.resource.key] = set.origins[d.resource.key] ?? d.origin
        }
        set.sortByName()
        return (set, errors)
    }
}
