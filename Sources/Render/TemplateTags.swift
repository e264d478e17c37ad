/// `TemplateTags`: a scan of a Mustache template's tags, so every name it uses can be checked
/// against `ContextSchema` before anything is rendered. Only the default `{{ }}` delimiters are
/// supported (BIRD and most configuration languages never contain `{{`).

enum TemplateTags {
    /// swift-mustache's transforms (`{{#first()}}`, `{{uppercased(name)}}`, …).
    static let transforms: Set<String> = [
        "empty", "capitalized", "lowercased", "uppercased", "reversed", "first", "last", "count", "sorted",
        "enumerated", "equalzero", "plusone", "minusone", "even", "odd", "index",
    ]

    /// Checks every tag of `text`; the first problem is thrown, naming the line.
    static func check(_ text: String, path: String, names: Set<String>) throws(RenderError) {
        var line = 1
        var i = text.startIndex
        while let open = text[i...].range(of: "{{") {
            line += text[i..<open.lowerBound].filter { $0 == "\n" }.count
            let triple = text[open.upperBound...].first == "{"
            let closer = triple ? "}}}" : "}}"
            let bodyStart = triple ? text.index(after: open.upperBound) : open.upperBound
            guard let close = text[bodyStart...].range(of: closer) else {
                throw .templateSyntax(path: path, line: line, column: 1, reason: "\"{{\" is never closed by \"\(closer)\"")
            }
            let body = String(text[bodyStart..<close.lowerBound])
            try checkTag(triple ? "&" + body : body, path: path, line: line, names: names)
            line += body.filter { $0 == "\n" }.count
            i = close.upperBound
        }
    }

    private static func checkTag(_ raw: String, path: String, line: Int, names: Set<String>) throws(RenderError) {
        let body = raw.trimmingSpaces
        guard let sigil = body.first else { return }
        switch sigil {
        case "!", "/", "%":
            return  // comment, section end (the parser matches it), pragma
        case ">":
            throw .unsupportedTag(path: path, line: line, tag: "{{\(raw)}}", reason: "partials are not supported (one template file renders one output)")
        case "=":
            throw .unsupportedTag(path: path, line: line, tag: "{{\(raw)}}", reason: "changing delimiters is not supported")
        case "$", "<":
            throw .unsupportedTag(path: path, line: line, tag: "{{\(raw)}}", reason: "template inheritance is not supported")
        case "#", "^", "&":
            try checkName(String(body.dropFirst()).trimmingSpaces, raw: raw, path: path, line: line, names: names)
        default:
            try checkName(body, raw: raw, path: path, line: line, names: names)
        }
    }

    /// `name`, `a.b`, `.`, `.name`, or transforms around one of them: `first()`, `uppercased(name)`.
    private static func checkName(_ expression: String, raw: String, path: String, line: Int, names: Set<String>) throws(RenderError) {
        var name = expression
        var transformed = false
        while let paren = name.firstIndex(of: "(") {
            let transform = String(name[..<paren]).trimmingSpaces
            guard transforms.contains(transform) else {
                throw .unsupportedTag(path: path, line: line, tag: "{{\(raw)}}", reason: "unknown transform \"\(transform)\"")
            }
            guard name.last == ")" else {
                throw .templateSyntax(path: path, line: line, column: 1, reason: "{{\(raw)}}: transform without a closing \")\"")
            }
            name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)]).trimmingSpaces
            transformed = true
        }
        if name == "." || (name.isEmpty && transformed) { return }
        for segment in name.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        where !names.contains(segment) {
            throw .unknownName(path: path, line: line, name: segment, suggestion: suggestion(for: segment, in: names))
        }
    }

    /// The closest known name within an edit distance of 2 (case differences count as 1), if any.
    static func suggestion(for name: String, in names: Set<String>) -> String? {
        names.map { ($0, distance(name.lowercased(), $0.lowercased()) + (name.lowercased() == $0.lowercased() ? 1 : 0)) }
            .filter { $0.1 <= 2 }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Levenshtein distance.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
