/// Recursive-descent parser for Calico's selector grammar:
/// `or := and ('||' and)*`, `and := unary ('&&' unary)*`, `unary := '!' unary | primary`,
/// `primary := '(' or ')' | all() | global() | has(k) | k op value | k [not] in {v, …}`.

struct SelectorParser {
    private let source: String
    private let tokens: [SelectorToken]
    private var index = 0

    init(_ source: String) throws(SelectorError) {
        self.source = source
        tokens = try SelectorLexer.tokenize(source)
    }

    mutating func parse() throws(SelectorError) -> SelectorExpression {
        let e = try parseOr()
        guard case .end = current.kind else { throw unexpected("'&&', '||' or end of selector") }
        return e
    }

    private var current: SelectorToken { tokens[min(index, tokens.count - 1)] }

    private func unexpected(_ expected: String) -> SelectorError {
        SelectorError(source: source, offset: current.offset, expected: expected, found: current.text)
    }

    private mutating func take(symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func expect(symbol: String) throws(SelectorError) {
        guard take(symbol: symbol) else { throw unexpected("'\(symbol)'") }
    }

    private mutating func parseOr() throws(SelectorError) -> SelectorExpression {
        var e = try parseAnd()
        while take(symbol: "||") { e = .or(e, try parseAnd()) }
        return e
    }

    private mutating func parseAnd() throws(SelectorError) -> SelectorExpression {
        var e = try parseUnary()
        while take(symbol: "&&") { e = .and(e, try parseUnary()) }
        return e
    }

    private mutating func parseUnary() throws(SelectorError) -> SelectorExpression {
        if take(symbol: "!") { return .not(try parseUnary()) }
        if take(symbol: "(") {
            let e = try parseOr()
            try expect(symbol: ")")
            return e
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(SelectorError) -> SelectorExpression {
        guard case .label(let word) = current.kind else { throw unexpected("a label, '!', '(', all(), global() or has()") }
        index += 1
        switch word {
        case "all", "global":
            if current.kind == .symbol("(") {
                index += 1
                try expect(symbol: ")")
                return word == "all" ? .all : .global
            }
        case "has":
            if current.kind == .symbol("(") {
                index += 1
                let key = try label()
                try expect(symbol: ")")
                return .has(key)
            }
        default:
            break
        }
        return try parseComparison(key: word)
    }

    private mutating func label() throws(SelectorError) -> String {
        guard case .label(let key) = current.kind else { throw unexpected("a label name") }
        index += 1
        return key
    }

    private mutating func parseComparison(key: String) throws(SelectorError) -> SelectorExpression {
        if take(symbol: "==") { return .equal(key, try value()) }
        if take(symbol: "!=") { return .notEqual(key, try value()) }
        guard case .label(let word) = current.kind else { throw unexpected("'==', '!=', 'in', 'not in', 'contains', 'starts with' or 'ends with'") }
        index += 1
        switch word {
        case "in": return .isIn(key, try valueSet())
        case "contains": return .contains(key, try value())
        case "not":
            try keyword("in")
            return .notIn(key, try valueSet())
        case "starts":
            try keyword("with")
            return .startsWith(key, try value())
        case "ends":
            try keyword("with")
            return .endsWith(key, try value())
        default:
            index -= 1
            throw unexpected("'==', '!=', 'in', 'not in', 'contains', 'starts with' or 'ends with'")
        }
    }

    private mutating func keyword(_ word: String) throws(SelectorError) {
        guard current.kind == .label(word) else { throw unexpected("'\(word)'") }
        index += 1
    }

    private mutating func value() throws(SelectorError) -> String {
        guard case .string(let v) = current.kind else { throw unexpected("a quoted value") }
        index += 1
        return v
    }

    private mutating func valueSet() throws(SelectorError) -> [String] {
        try expect(symbol: "{")
        var values: [String] = []
        if take(symbol: "}") { return values }
        repeat { values.append(try value()) } while take(symbol: ",")
        try expect(symbol: "}")
        return Array(Set(values)).sorted()
    }
}
