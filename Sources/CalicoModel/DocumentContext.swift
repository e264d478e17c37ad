/// Where the decoder is (file, document, resource) and the errors collected so far.

import Yams

final class DocumentContext {
    let file: String
    let document: Int
    var resource: String?
    private(set) var errors: [ConfigError] = []

    init(file: String, document: Int) {
        self.file = file
        self.document = document
    }

    func fail(_ field: String, _ value: String, _ reason: String, at node: Node? = nil) {
        errors.append(ConfigError(file: file, document: document, line: node?.mark?.line, resource: resource,
                                  field: field, value: value, reason: reason))
    }
}

extension Node {
    /// The scalar's text, or a short rendering of a mapping/sequence for messages.
    var shortText: String {
        switch self {
        case .scalar(let s): s.string
        case .mapping: "{…}"
        case .sequence: "[…]"
        case .alias: "*alias"
        }
    }

    /// YAML null (`~`, `null`, empty plain scalar).
    var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// True for plain (unquoted) scalars, whose type YAML infers.
    var isPlainScalar: Bool {
        guard case .scalar(let s) = self else { return false }
        return s.style == .plain
    }
}
