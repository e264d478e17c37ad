/// Loading: every document of every file decoded, then cross-resource validation; all errors
/// are collected and thrown together.

import Yams

extension ResourceSet {
    /// Parses and validates `files`; throws `ConfigErrors` listing every problem found.
    public static func load(_ files: [SourceFile]) throws(ConfigErrors) -> ResourceSet {
        let (set, decodeErrors) = decodeCollecting(files)
        let errors = decodeErrors + set.validate()
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return set
    }

    /// Convenience for one file.
    public static func load(path: String, contents: String) throws(ConfigErrors) -> ResourceSet {
        try load([SourceFile(path: path, contents: contents)])
    }

    static func decodeFile(_ file: SourceFile) -> ([DecodedResource], [ConfigError]) {
        var out: [DecodedResource] = []
        var errors: [ConfigError] = []
        do {
            // Resolver.basic: no implicit-tag rules. FieldReader reads every scalar's text and style
            // itself, so Yams's tag resolution is never needed, and Resolver.default would compile
            // seven NSRegularExpressions on first use, pulling ICU's code and data into memory.
            let parser = try Parser(yaml: file.contents, resolver: .basic)
            var index = 0
            while let root = try parser.nextRoot() {
                index += 1
                let ctx = DocumentContext(file: file.path, document: index)
                out += ResourceDecoder.decode(root, context: ctx)
                errors += ctx.errors
            }
        } catch {
            errors.append(ConfigError(file: file.path, document: 0, field: "", value: "",
                                      reason: "YAML syntax error: \(error)"))
        }
        return (out, errors)
    }

    /// Same kind and name twice.
    static func duplicates(_ decoded: [DecodedResource]) -> [ConfigError] {
        var seen: [ResourceKey: ResourceOrigin] = [:]
        var errors: [ConfigError] = []
        for d in decoded {
            let key = d.resource.key
            if let first = seen[key] {
                errors.append(ConfigError(file: d.origin.file, document: d.origin.document, line: d.origin.line,
                                          resource: key.description, field: "metadata.name", value: key.name,
                                          reason: "duplicate \(key.kind.rawValue); first defined in \(first.file) document \(first.document)"))
            } else {
                seen[key] = d.origin
            }
        }
        return errors
    }
}
