/// Tokens of Calico's selector language, with the offset where each starts.

struct SelectorToken: Equatable {
    enum Kind: Equatable {
        case label(String)      // a label key or a bare keyword such as `in`, `not`, `all`
        case string(String)     // '…' or "…"
        case symbol(String)     // == != && || ! ( ) { } ,
        case end
    }
    var kind: Kind
    var offset: Int

    var text: String {
        switch kind {
        case .label(let s): s
        case .string(let s): "\"\(s)\""
        case .symbol(let s): s
        case .end: "end of selector"
        }
    }
}

enum SelectorLexer {
    /// Characters allowed in a label key (Kubernetes: DNS prefix, '/', name).
    static func isLabelCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == "/")
    }

    static func tokenize(_ source: String) throws(SelectorError) -> [SelectorToken] {
        let chars = Array(source)
        var tokens: [SelectorToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                tokens.append(try quoted(chars, &i, source: source))
            } else if isLabelCharacter(c) {
                let start = i
                while i < chars.count, isLabelCharacter(chars[i]) { i += 1 }
                tokens.append(SelectorToken(kind: .label(String(chars[start..<i])), offset: start))
            } else if let symbol = twoCharSymbol(chars, i) {
                tokens.append(SelectorToken(kind: .symbol(symbol), offset: i))
                i += 2
            } else if "!(){},".contains(c) {
                tokens.append(SelectorToken(kind: .symbol(String(c)), offset: i))
                i += 1
            } else {
                throw SelectorError(source: source, offset: i, expected: "a label, a quoted value or an operator",
                                    found: "'\(c)'")
            }
        }
        tokens.append(SelectorToken(kind: .end, offset: chars.count))
        return tokens
    }

    private static func twoCharSymbol(_ chars: [Character], _ i: Int) -> String? {
        guard i + 1 < chars.count else { return nil }
        let pair = String(chars[i...i + 1])
        return ["==", "!=", "&&", "||"].contains(pair) ? pair : nil
    }

    private static func quoted(_ chars: [Character], _ i: inout Int, source: String) throws(SelectorError) -> SelectorToken {
        let quote = chars[i]
        let start = i
        i += 1
        var value = ""
        while i < chars.count, chars[i] != quote {
            value.append(chars[i])
            i += 1
        }
        guard i < chars.count else {
            throw SelectorError(source: source, offset: start, expected: "closing \(quote)", found: "end of selector")
        }
        i += 1
        return SelectorToken(kind: .string(value), offset: start)
    }
}
