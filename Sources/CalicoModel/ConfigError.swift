/// One validation problem, located by file, document, resource and field path.

public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based index of the YAML document in the file; 0 when not tied to one document.
    public var document: Int
    /// 1-based line of the offending node, when known.
    public var line: Int?
    /// `Kind/name` of the resource, when known.
    public var resource: String?
    /// Dotted field path such as `spec.peerIP` or `spec.exportV4[2].cidr`.
    public var field: String
    /// The offending value as written (may be empty).
    public var value: String
    public var reason: String

    public init(file: String, document: Int, line: Int? = nil, resource: String? = nil,
                field: String, value: String, reason: String) {
        self.file = file
        self.document = document
        self.line = line
        self.resource = resource
        self.field = field
        self.value = value
        self.reason = reason
    }

    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        if document > 0 { where_ += " document \(document)" }
        if let resource { where_ += " (\(resource))" }
        let shown = value.isEmpty ? "" : " \"\(value)\""
        let path = field.isEmpty ? "" : " \(field)"
        return "\(where_):\(path)\(shown): \(reason)"
    }
}

/// All problems found in one load; thrown together so an operator sees every error at once.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
