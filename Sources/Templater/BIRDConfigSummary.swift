/// A reader of BIRD configuration text (Calico's BIRD 1.6-style compiled templates and BIRD 2 files)
/// that keeps what a comparison with Swiftlet's desired configuration needs: the router id, the
/// listen address/port, every `protocol bgp` with its `template bgp` inheritance resolved, the
/// routes of `protocol static` (blackholes, unreachables, via), and filter/function bodies as text.
///
/// It is deliberately a summary, not a BIRD implementation: statements it does not model are kept
/// as text (`otherStatements`), filter code is never interpreted. Syntax follows the BIRD 2 user's
/// guide ("Configuration", "Protocols → BGP", "Protocols → Static"); options may sit at protocol
/// level (BIRD 1 and Calico's templates) or inside an `ipv4 { … }` / `ipv6 { … }` channel (BIRD 2).
/// Pure: no Foundation.

/// Why a text could not be summarized, with the 1-based line where it happened.
public struct BIRDConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "BIRD config line \(line): \(message)" }
}

/// An `import` or `export` clause.
public enum BIRDFilterRef: Hashable, Sendable, CustomStringConvertible {
    case all
    /// `import none;` (not called `none`, which Swift would confuse with `Optional.none`).
    case nothing
    /// `import filter NAME;`
    case named(String)
    /// `import filter { … };` — the body text between the braces, trimmed.
    case inline(String)
    /// `import where EXPR;` — the expression text.
    case `where`(String)

    public var description: String {
        switch self {
        case .all: "all"
        case .nothing: "none"
        case .named(let n): "filter \(n)"
        case .inline(let body): "filter { \(BIRDConfigSummary.normalizedCode(body)) }"
        case .where(let e): "where \(e)"
        }
    }
}

/// `multihop [ttl];` or `direct;`.
public enum BIRDMultihop: Hashable, Sendable, CustomStringConvertible {
    case direct
    /// nil: `multihop;` without a TTL (BIRD uses 64).
    case multihop(UInt8?)

    public var description: String {
        switch self {
        case .direct: "direct"
        case .multihop(let ttl): ttl.map { "multihop \($0)" } ?? "multihop"
        }
    }
}

/// `next hop self;`, `next hop keep;` or `next hop address X;`.
public enum BIRDNextHop: Hashable, Sendable, CustomStringConvertible {
    case `self`, keep
    case address(String)

    public var description: String {
        switch self {
        case .self: "self"
        case .keep: "keep"
        case .address(let a): "address \(a)"
        }
    }
}

/// An `ipv4 { … }` / `ipv6 { … }` channel of a BIRD 2 protocol (only the options a comparison needs).
public struct BIRDChannel: Hashable, Sendable {
    /// `ipv4`, `ipv6`, `ipv4 multicast`, …
    public var name: String
    public var importFilter: BIRDFilterRef?
    public var exportFilter: BIRDFilterRef?
    public var nextHop: BIRDNextHop?
    public var otherStatements: [String] = []

    public init(name: String) { self.name = name }
}

/// One `protocol bgp` (or `template bgp`) with inheritance applied. nil means "not stated", so BIRD's
/// default applies; numbers are as written.
public struct BIRDBGPPeer: Hashable, Sendable {
    public var name: String
    /// The template named after `from`, if any.
    public var template: String?
    public var description: String?
    public var neighborAddress: String?
    /// `neighbor ADDR%IFACE`.
    public var neighborInterface: String?
    public var neighborPort: UInt16?
    public var neighborAS: UInt32?
    public var localAS: UInt32?
    /// `source address X;` or the address of `local X [as N];` (both set the TCP source address).
    public var sourceAddress: String?
    public var localPort: UInt16?
    public var passive: Bool?
    public var multihop: BIRDMultihop?
    /// `ttl security on|off;` (GTSM, RFC 5082).
    public var ttlSecurity: Bool?
    public var rrClient: Bool?
    public var rrClusterID: String?
    public var password: String?
    /// `graceful restart;` → "on"; otherwise the word written (on, off, aware).
    public var gracefulRestart: String?
    public var gracefulRestartTime: UInt32?
    public var keepaliveTime: UInt32?
    public var holdTime: UInt32?
    /// `allow local as N;`; a bare `allow local as;` (no limit given) is stored as `UInt32.max`.
    public var allowLocalAS: UInt32?
    /// Protocol-level clauses (BIRD 1 / Calico); BIRD 2 puts them in `channels`.
    public var importFilter: BIRDFilterRef?
    public var exportFilter: BIRDFilterRef?
    public var nextHop: BIRDNextHop?
    public var channels: [BIRDChannel] = []
    /// Statements not modelled above, as normalized text (`debug { states }`, `add paths on`, …).
    public var otherStatements: [String] = []

    public init(name: String) { self.name = name }

    /// The import clause for `channel` (e.g. "ipv4"), falling back to the protocol-level one.
    public func effectiveImport(channel: String? = nil) -> BIRDFilterRef? {
        channels.first { $0.name == channel || channel == nil }?.importFilter ?? importFilter
    }

    /// The export clause for `channel`, falling back to the protocol-level one.
    public func effectiveExport(channel: String? = nil) -> BIRDFilterRef? {
        channels.first { $0.name == channel || channel == nil }?.exportFilter ?? exportFilter
    }

    /// The next-hop mode for `channel`, falling back to the protocol-level one.
    public func effectiveNextHop(channel: String? = nil) -> BIRDNextHop? {
        channels.first { $0.name == channel || channel == nil }?.nextHop ?? nextHop
    }
}

/// A `route PREFIX …;` of a static protocol.
public struct BIRDStaticRoute: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        case blackhole, unreachable, prohibit
        case via(String)
        case recursive(String)
        /// Anything else (multipath, interface routes), as normalized text.
        case other(String)

        public var description: String {
            switch self {
            case .blackhole: "blackhole"
            case .unreachable: "unreachable"
            case .prohibit: "prohibit"
            case .via(let a): "via \(a)"
            case .recursive(let a): "recursive \(a)"
            case .other(let t): t
            }
        }
    }

    public var prefix: String
    public var kind: Kind
    /// The static protocol that carries the route.
    public var protocolName: String

    public init(prefix: String, kind: Kind, protocolName: String) {
        self.prefix = prefix
        self.kind = kind
        self.protocolName = protocolName
    }

    public var description: String { "route \(prefix) \(kind)" }
}

/// `function NAME(PARAMS) { BODY }`.
public struct BIRDFunction: Hashable, Sendable {
    /// The parameter list as written, e.g. `bool internal_peer`.
    public var parameters: String
    /// The body text between the braces, trimmed.
    public var body: String

    public init(parameters: String, body: String) {
        self.parameters = parameters
        self.body = body
    }
}

/// What one BIRD configuration text says, as far as Swiftlet compares it.
public struct BIRDConfigSummary: Hashable, Sendable {
    public var routerID: String?
    /// `listen bgp [address A] [port P];` (BIRD 1; BIRD 2 sets the port per protocol).
    public var listenAddress: String?
    public var listenPort: UInt16?
    /// `include "file";` targets, in order (not followed: see `merging`).
    public var includes: [String] = []
    /// `define NAME = VALUE;` as text.
    public var defines: [String: String] = [:]
    /// `protocol bgp` blocks in file order, templates applied.
    public var peers: [BIRDBGPPeer] = []
    /// `template bgp` blocks, by name, with their own inheritance applied.
    public var bgpTemplates: [String: BIRDBGPPeer] = [:]
    /// Routes of every `protocol static`, templates applied, in file order.
    public var staticRoutes: [BIRDStaticRoute] = []
    /// `filter NAME { … }` bodies by name (quotes of `'quoted names'` removed).
    public var filters: [String: String] = [:]
    public var functions: [String: BIRDFunction] = [:]
    /// Types of the other protocols (`kernel`, `device`, `direct`, …), in file order.
    public var otherProtocols: [String] = []
    /// Top-level statements not modelled above, as normalized text.
    public var otherStatements: [String] = []

    public init() {}

    /// Summarizes `text`; throws for unbalanced braces, unterminated strings or comments, numbers
    /// out of range and unknown templates.
    public init(parsing text: String) throws(BIRDConfigError) {
        let tokens = try BIRDTokenizer(text).tokenize()
        var parser = BIRDStatementParser(tokens: tokens, source: Array(text.utf8))
        let statements = try parser.parseAll()
        var reader = BIRDSummaryReader(source: parser.source)
        for statement in statements { try reader.read(statement) }
        self = reader.summary
    }

    /// The peer whose protocol is called `name`.
    public func peer(named name: String) -> BIRDBGPPeer? { peers.first { $0.name == name } }

    /// This summary with an included file's summary added (Calico's bird.cfg includes bird_aggr.cfg
    /// and bird_ipam.cfg). Names defined in both keep `other`'s definition, as a later BIRD
    /// definition would be refused; the caller decides whether that matters.
    public func merging(_ other: BIRDConfigSummary) -> BIRDConfigSummary {
        var out = self
        out.routerID = out.routerID ?? other.routerID
        out.listenAddress = out.listenAddress ?? other.listenAddress
        out.listenPort = out.listenPort ?? other.listenPort
        out.includes += other.includes
        out.defines.merge(other.defines) { $1 }
        out.peers += other.peers
        out.bgpTemplates.merge(other.bgpTemplates) { $1 }
        out.staticRoutes += other.staticRoutes
        out.filters.merge(other.filters) { $1 }
        out.functions.merge(other.functions) { $1 }
        out.otherProtocols += other.otherProtocols
        out.otherStatements += other.otherStatements
        return out
    }

    /// Filter code with comments removed and all whitespace runs collapsed to one space, so two
    /// renderings that differ only in layout compare equal.
    public static func normalizedCode(_ code: String) -> String {
        var out: [Character] = []
        var inComment = false, inString = false, pendingSpace = false
        for ch in code {
            if inComment {
                if ch == "\n" { inComment = false; pendingSpace = true }
                continue
            }
            if !inString && ch == "#" { inComment = true; continue }
            if ch == "\"" { inString.toggle() }
            if !inString && (ch == " " || ch == "\t" || ch == "\n" || ch == "\r") {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(ch)
        }
        return String(out)
    }
}

// MARK: - Tokens

/// One lexical token with its byte range in the source.
struct BIRDToken: Sendable {
    enum Kind: Sendable, Equatable {
        case word, string, quotedSymbol
        /// `;`, `{`, `}`, `(`, `)`, `,`
        case punct
    }

    var kind: Kind
    /// For strings and quoted symbols: the content without quotes.
    var text: String
    var line: Int
    var start: Int
    var end: Int
}

/// Splits BIRD text into words, strings, quoted symbols and punctuation; skips `#` and `/* */`
/// comments.
struct BIRDTokenizer {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }

    private static let punct: Set<UInt8> = [UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                                              UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ",")]

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
    }

    func tokenize() throws(BIRDConfigError) -> [BIRDToken] {
        var tokens: [BIRDToken] = []
        var i = 0, line = 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") { line += 1; i += 1; continue }
            if Self.isSpace(b) { i += 1; continue }
            if b == UInt8(ascii: "#") {
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            }
            if b == UInt8(ascii: "/") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*") {
                let startLine = line
                i += 2
                while i + 1 < bytes.count && !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                guard i + 1 < bytes.count else { throw BIRDConfigError(line: startLine, "comment '/*' is never closed by '*/'") }
                i += 2
                continue
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                let startLine = line, start = i
                i += 1
                var content: [UInt8] = []
                while i < bytes.count && bytes[i] != b {
                    // BIRD strings allow backslash escapes; keep the escaped byte.
                    if bytes[i] == UInt8(ascii: "\\") && i + 1 < bytes.count { i += 1 }
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    content.append(bytes[i])
                    i += 1
                }
                guard i < bytes.count else {
                    throw BIRDConfigError(line: startLine, "\(b == UInt8(ascii: "\"") ? "string" : "quoted symbol") is never closed")
                }
                i += 1
                tokens.append(BIRDToken(kind: b == UInt8(ascii: "\"") ? .string : .quotedSymbol,
                                        text: String(decoding: content, as: UTF8.self), line: startLine, start: start, end: i))
                continue
            }
            if Self.punct.contains(b) {
                tokens.append(BIRDToken(kind: .punct, text: String(UnicodeScalar(b)), line: line, start: i, end: i + 1))
                i += 1
                continue
            }
            let start = i
            while i < bytes.count, !Self.isSpace(bytes[i]), !Self.punct.contains(bytes[i]),
                  bytes[i] != UInt8(ascii: "#"), bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "'") {
                if bytes[i] == UInt8(ascii: "/") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*") { break }
                i += 1
            }
            tokens.append(BIRDToken(kind: .word, text: String(decoding: bytes[start..<i], as: UTF8.self),
                                    line: line, start: start, end: i))
        }
        return tokens
    }
}

// MARK: - Statements

/// A statement: words, strings and `{ … }` blocks up to its `;` (or up to a block that closes it).
struct BIRDStatement: Sendable {
    enum Item: Sendable {
        case token(BIRDToken)
        /// A brace block: its statements and the byte range between the braces.
        case block([BIRDStatement], bodyStart: Int, bodyEnd: Int, line: Int)
    }

    var items: [Item]
    var line: Int

    /// The leading plain words (strings and punctuation end it), lowercased for keyword matching.
    var keywords: [String] {
        var out: [String] = []
        for item in items {
            guard case .token(let t) = item, t.kind == .word else { break }
            out.append(t.text.lowercased())
        }
        return out
    }

    /// The tokens only (blocks skipped), as they appear.
    var tokens: [BIRDToken] {
        items.compactMap { if case .token(let t) = $0 { t } else { nil } }
    }

    /// The first brace block, if any.
    var firstBlock: (statements: [BIRDStatement], bodyStart: Int, bodyEnd: Int)? {
        for item in items {
            if case .block(let s, let a, let b, _) = item { return (s, a, b) }
        }
        return nil
    }
}

/// Groups tokens into statements, matching braces.
struct BIRDStatementParser {
    let tokens: [BIRDToken]
    let source: [UInt8]
    private var index = 0

    init(tokens: [BIRDToken], source: [UInt8]) {
        self.tokens = tokens
        self.source = source
    }

    mutating func parseAll() throws(BIRDConfigError) -> [BIRDStatement] {
        let statements = try parseList(openedAt: nil)
        return statements
    }

    /// Statements until the `}` matching a `{` opened at line `openedAt` (or the end of the text).
    private mutating func parseList(openedAt: Int?) throws(BIRDConfigError) -> [BIRDStatement] {
        var out: [BIRDStatement] = []
        var items: [BIRDStatement.Item] = []
        var line = 0
        func finish() {
            if !items.isEmpty { out.append(BIRDStatement(items: items, line: line)) }
            items = []
        }
        while index < tokens.count {
            let t = tokens[index]
            if items.isEmpty { line = t.line }
            if t.kind == .punct && t.text == ";" {
                index += 1
                finish()
            } else if t.kind == .punct && t.text == "}" {
                guard openedAt != nil else { throw BIRDConfigError(line: t.line, "'}' without a matching '{'") }
                index += 1
                finish()
                return out
            } else if t.kind == .punct && t.text == "{" {
                index += 1
                let inner = try parseList(openedAt: t.line)
                let close = tokens[index - 1]
                items.append(.block(inner, bodyStart: t.end, bodyEnd: close.start, line: t.line))
                // `import filter { … };` ends at the `;`; `protocol … { … }` ends at the brace.
                if index < tokens.count && tokens[index].kind == .punct && tokens[index].text == ";" { index += 1 }
                finish()
            } else {
                items.append(.token(t))
                index += 1
            }
        }
        if let openedAt { throw BIRDConfigError(line: openedAt, "'{' is never closed by '}'") }
        if !items.isEmpty { throw BIRDConfigError(line: line, "the last statement is not ended by ';'") }
        return out
    }
}

// MARK: - Interpretation

/// Turns statements into a `BIRDConfigSummary`.
struct BIRDSummaryReader {
    let source: [UInt8]
    var summary = BIRDConfigSummary()
    /// `template static` routes by template name (protocols copy them).
    private var staticTemplates: [String: [BIRDStaticRoute]] = [:]
    private var unnamedCount: [String: Int] = [:]

    init(source: [UInt8]) { self.source = source }

    func text(_ start: Int, _ end: Int) -> String {
        trimWhitespace(String(decoding: source[start..<end], as: UTF8.self))
    }

    /// The statement as one line of normalized text (for `otherStatements`).
    func flat(_ s: BIRDStatement) -> String {
        let parts: [String] = s.items.map { item in
            switch item {
            case .token(let t):
                switch t.kind {
                case .string: "\"\(t.text)\""
                case .quotedSymbol: "'\(t.text)'"
                default: t.text
                }
            case .block(_, let a, let b, _): "{ \(BIRDConfigSummary.normalizedCode(text(a, b))) }"
            }
        }
        return parts.joined(separator: " ")
    }

    mutating func read(_ s: BIRDStatement) throws(BIRDConfigError) {
        let k = s.keywords
        let toks = s.tokens
        switch k.first {
        case "router" where k.count >= 3 && k[1] == "id":
            summary.routerID = toks[2].text
        case "include" where toks.count >= 2 && toks[1].kind == .string:
            summary.includes.append(toks[1].text)
        case "listen" where k.count >= 2 && k[1] == "bgp":
            var i = 2
            while i + 1 < toks.count {
                switch toks[i].text.lowercased() {
                case "address": summary.listenAddress = toks[i + 1].text
                case "port": summary.listenPort = try number(toks[i + 1], "listen port", max: UInt16.max)
                default: break
                }
                i += 2
            }
        case "define" where toks.count >= 3:
            let name = toks[1].text
            let valueStart = toks.count > 3 && toks[2].text == "=" ? 3 : 2
            summary.defines[name] = toks[valueStart...].map(\.text).joined(separator: " ")
        case "filter" where toks.count >= 2:
            guard let block = s.firstBlock else { throw BIRDConfigError(line: s.line, "filter \(toks[1].text) has no '{ … }' body") }
            summary.filters[toks[1].text] = text(block.bodyStart, block.bodyEnd)
        case "function" where toks.count >= 2:
            guard let block = s.firstBlock else { throw BIRDConfigError(line: s.line, "function \(toks[1].text) has no '{ … }' body") }
            var params = ""
            if let open = toks.firstIndex(where: { $0.kind == .punct && $0.text == "(" }),
               let close = toks.lastIndex(where: { $0.kind == .punct && $0.text == ")" }), open < close {
                params = text(toks[open].end, toks[close].start)
            }
            summary.functions[toks[1].text] = BIRDFunction(parameters: params, body: text(block.bodyStart, block.bodyEnd))
        case "protocol", "template":
            try readProtocol(s, isTemplate: k.first == "template")
        default:
            summary.otherStatements.append(flat(s))
        }
    }

    /// `protocol TYPE [NAME] [from TEMPLATE] { … }` or `template TYPE NAME [from TEMPLATE] { … }`.
    private mutating func readProtocol(_ s: BIRDStatement, isTemplate: Bool) throws(BIRDConfigError) {
        let toks = s.tokens
        guard toks.count >= 2 else { throw BIRDConfigError(line: s.line, "'\(toks[0].text)' without a protocol type") }
        let type = toks[1].text.lowercased()
        var name: String?
        var parent: String?
        var i = 2
        while i < toks.count {
            if toks[i].text.lowercased() == "from", i + 1 < toks.count {
                parent = toks[i + 1].text
                i += 2
            } else {
                if name == nil { name = toks[i].text }
                i += 1
            }
        }
        let body = s.firstBlock?.statements ?? []
        let resolvedName: String
        if let name {
            resolvedName = name
        } else {
            // BIRD names an unnamed protocol after its type and a counter: bgp1, static1, …
            unnamedCount[type, default: 0] += 1
            resolvedName = "\(type)\(unnamedCount[type] ?? 1)"
        }
        switch type {
        case "bgp":
            var peer: BIRDBGPPeer
            if let parent {
                guard let base = summary.bgpTemplates[parent] else {
                    throw BIRDConfigError(line: s.line, "bgp \(resolvedName) inherits from '\(parent)', which is not a bgp template defined above")
                }
                peer = base
                peer.name = resolvedName
                peer.template = parent
            } else {
                peer = BIRDBGPPeer(name: resolvedName)
            }
            for statement in body { try readBGP(statement, into: &peer) }
            if isTemplate { summary.bgpTemplates[resolvedName] = peer } else { summary.peers.append(peer) }
        case "static":
            var routes: [BIRDStaticRoute] = []
            if let parent {
                guard let base = staticTemplates[parent] else {
                    throw BIRDConfigError(line: s.line, "static \(resolvedName) inherits from '\(parent)', which is not a static template defined above")
                }
                routes = base.map { BIRDStaticRoute(prefix: $0.prefix, kind: $0.kind, protocolName: resolvedName) }
            }
            for statement in body where statement.keywords.first == "route" {
                routes.append(try staticRoute(statement, protocolName: resolvedName))
            }
            if isTemplate { staticTemplates[resolvedName] = routes } else { summary.staticRoutes += routes }
        default:
            if !isTemplate { summary.otherProtocols.append(type) }
        }
    }

    private func staticRoute(_ s: BIRDStatement, protocolName: String) throws(BIRDConfigError) -> BIRDStaticRoute {
        let toks = s.tokens
        guard toks.count >= 3 else { throw BIRDConfigError(line: s.line, "'route' needs a prefix and a destination (blackhole, unreachable, via …)") }
        let prefix = toks[1].text
        let kind: BIRDStaticRoute.Kind
        switch (toks[2].text.lowercased(), toks.count) {
        case ("blackhole", 3): kind = .blackhole
        case ("unreachable", 3): kind = .unreachable
        case ("prohibit", 3): kind = .prohibit
        case ("via", 4): kind = .via(toks[3].text)
        case ("recursive", 4): kind = .recursive(toks[3].text)
        default: kind = .other(toks[2...].map(\.text).joined(separator: " "))
        }
        return BIRDStaticRoute(prefix: prefix, kind: kind, protocolName: protocolName)
    }

    /// One statement of a bgp protocol or template body.
    private func readBGP(_ s: BIRDStatement, into p: inout BIRDBGPPeer) throws(BIRDConfigError) {
        let k = s.keywords
        let toks = s.tokens
        func word(_ i: Int) -> String? { i < toks.count ? toks[i].text : nil }
        switch k.first {
        case "description" where toks.count >= 2:
            p.description = toks[1].text
        case "neighbor":
            try readNeighbor(toks, line: s.line, into: &p)
        case "local":
            // `local [ADDR] [port N] [as N]`
            var i = 1
            while i < toks.count {
                switch toks[i].text.lowercased() {
                case "as" where i + 1 < toks.count:
                    p.localAS = try number(toks[i + 1], "local AS", max: UInt32.max); i += 2
                case "port" where i + 1 < toks.count:
                    p.localPort = try number(toks[i + 1], "local port", max: UInt16.max); i += 2
                default:
                    p.sourceAddress = toks[i].text; i += 1
                }
            }
        case "source" where k.count >= 2 && k[1] == "address" && toks.count >= 3:
            p.sourceAddress = toks[2].text
        case "passive":
            p.passive = try onOff(word(1), s)
        case "multihop":
            p.multihop = .multihop(toks.count >= 2 ? try number(toks[1], "multihop TTL", max: UInt8.max) : nil)
        case "direct":
            p.multihop = .direct
        case "ttl" where k.count >= 2 && k[1] == "security":
            p.ttlSecurity = try onOff(word(2), s)
        case "rr" where k.count >= 2 && k[1] == "client":
            p.rrClient = try onOff(word(2), s)
        case "rr" where k.count >= 4 && k[1] == "cluster" && k[2] == "id":
            p.rrClusterID = toks[3].text
        case "password" where toks.count >= 2:
            p.password = toks[1].text
        case "graceful" where k.count >= 2 && k[1] == "restart":
            if k.count >= 3 && k[2] == "time", toks.count >= 4 {
                p.gracefulRestartTime = try number(toks[3], "graceful restart time", max: UInt32.max)
            } else {
                p.gracefulRestart = word(2)?.lowercased() ?? "on"
            }
        case "keepalive" where k.count >= 3 && k[1] == "time":
            p.keepaliveTime = try number(toks[2], "keepalive time", max: UInt32.max)
        case "hold" where k.count >= 3 && k[1] == "time":
            p.holdTime = try number(toks[2], "hold time", max: UInt32.max)
        case "allow" where k.count >= 3 && k[1] == "local" && k[2] == "as":
            p.allowLocalAS = toks.count >= 4 ? try number(toks[3], "allow local as", max: UInt32.max) : UInt32.max
        case "import", "export", "next":
            var channel = BIRDChannel(name: "")
            if try readChannelOption(s, into: &channel) {
                if let f = channel.importFilter { p.importFilter = f }
                if let f = channel.exportFilter { p.exportFilter = f }
                if let n = channel.nextHop { p.nextHop = n }
            } else {
                p.otherStatements.append(flat(s))
            }
        case "ipv4", "ipv6", "vpn4", "vpn6", "flow4", "flow6":
            // A BIRD 2 channel; a template's channel is refined, not replaced, by the protocol's.
            let name = k.joined(separator: " ")
            var channel = p.channels.first { $0.name == name } ?? BIRDChannel(name: name)
            for inner in s.firstBlock?.statements ?? [] where !(try readChannelOption(inner, into: &channel)) {
                channel.otherStatements.append(flat(inner))
            }
            if let i = p.channels.firstIndex(where: { $0.name == name }) { p.channels[i] = channel } else { p.channels.append(channel) }
        default:
            p.otherStatements.append(flat(s))
        }
    }

    /// `import …`, `export …` or `next hop …`; false for any other statement.
    private func readChannelOption(_ s: BIRDStatement, into c: inout BIRDChannel) throws(BIRDConfigError) -> Bool {
        let k = s.keywords
        let toks = s.tokens
        switch k.first {
        case "import", "export":
            let ref: BIRDFilterRef
            switch k.count > 1 ? k[1] : "" {
            case "all": ref = .all
            case "none": ref = .nothing
            case "where":
                ref = .where(toks.count > 2 ? text(toks[2].start, toks[toks.count - 1].end) : "")
            case "filter":
                if let block = s.firstBlock {
                    ref = .inline(text(block.bodyStart, block.bodyEnd))
                } else if toks.count >= 3 {
                    ref = .named(toks[2].text)
                } else {
                    throw BIRDConfigError(line: s.line, "'\(k[0]) filter' needs a filter name or a '{ … }' body")
                }
            default:
                // `import keep filtered`, `import limit …`, … are not filter clauses.
                return false
            }
            if k[0] == "import" { c.importFilter = ref } else { c.exportFilter = ref }
            return true
        case "next" where k.count >= 3 && k[1] == "hop":
            switch k[2] {
            case "self": c.nextHop = .self
            case "keep": c.nextHop = .keep
            case "address" where toks.count >= 4: c.nextHop = .address(toks[3].text)
            default: return false
            }
            return true
        default:
            return false
        }
    }

    /// `neighbor [ADDR[%IFACE]] [port N] [as N]` (BIRD 2 also allows `neighbor range …`, kept as text).
    private func readNeighbor(_ toks: [BIRDToken], line: Int, into p: inout BIRDBGPPeer) throws(BIRDConfigError) {
        var i = 1
        while i < toks.count {
            switch toks[i].text.lowercased() {
            case "as" where i + 1 < toks.count:
                p.neighborAS = try number(toks[i + 1], "neighbor AS", max: UInt32.max); i += 2
            case "port" where i + 1 < toks.count:
                p.neighborPort = try number(toks[i + 1], "neighbor port", max: UInt16.max); i += 2
            case "internal", "external", "range":
                p.otherStatements.append("neighbor " + toks[i...].map(\.text).joined(separator: " "))
                return
            default:
                let parts = toks[i].text.split(separator: "%", maxSplits: 1)
                p.neighborAddress = parts.first.map(String.init) ?? toks[i].text
                p.neighborInterface = parts.count > 1 ? String(parts[1]) : nil
                i += 1
            }
        }
        if p.neighborAddress == nil && p.neighborAS == nil && p.neighborPort == nil {
            throw BIRDConfigError(line: line, "'neighbor' without an address, port or AS")
        }
    }

    private func onOff(_ word: String?, _ s: BIRDStatement) throws(BIRDConfigError) -> Bool {
        switch word?.lowercased() {
        case nil, "on", "yes": return true
        case "off", "no": return false
        case let w?: throw BIRDConfigError(line: s.line, "'\(flat(s))': expected on or off, found '\(w)'")
        }
    }

    private func number<T: FixedWidthInteger & UnsignedInteger>(_ t: BIRDToken, _ what: String, max: T) throws(BIRDConfigError) -> T {
        guard let v = T(t.text, radix: 10) else {
            throw BIRDConfigError(line: t.line, "\(what) '\(t.text)' is not a number from 0 to \(max)")
        }
        return v
    }
}

/// `text` without leading and trailing whitespace (no Foundation in this module).
private func trimWhitespace(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(text[first...last])
}
