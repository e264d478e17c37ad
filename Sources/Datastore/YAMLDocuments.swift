/// `YAMLDocuments`: a file's text cut at its `---` lines, so one document can be replaced or
/// removed while every other document keeps its exact text and comments.

struct YAMLDocuments {
    /// Text before the first `---` line (a document only if it holds more than comments).
    var preamble: String
    /// Each later document, its `---` line included.
    var documents: [String]

    init(_ text: String) {
        var preamble = ""
        var documents: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            let l = String(line) + "\n"
            if line.hasPrefix("---"), line.count == 3 || line.dropFirst(3).first?.isWhitespace == true {
                documents.append(l)
            } else if documents.isEmpty {
                preamble += l
            } else {
                documents[documents.count - 1] += l
            }
        }
        self.preamble = preamble
        self.documents = documents
    }

    private var preambleIsDocument: Bool {
        preamble.split(separator: "\n").contains { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            return !t.isEmpty && !t.hasPrefix("#")
        }
    }

    /// The text with document `index` (1-based, as CalicoModel numbers them) replaced by
    /// `replacement` (nil removes it). Nil when there is no such document.
    func replacing(document index: Int, with replacement: String?) -> String? {
        if preambleIsDocument {
            if index == 1 { return (replacement ?? "") + documents.joined() }
            return replacingLater(index - 2, replacement)
        }
        return replacingLater(index - 1, replacement)
    }

    private func replacingLater(_ i: Int, _ replacement: String?) -> String? {
        guard documents.indices.contains(i) else { return nil }
        var docs = documents
        if let replacement { docs[i] = "---\n" + replacement } else { docs.remove(at: i) }
        return preamble + docs.joined()
    }
}
