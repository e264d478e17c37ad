/// Family-aware containment of one prefix in another, and of an address in a prefix.

import NetCore

enum PrefixMath {
    static func contains(_ outer: IPPrefix, _ inner: IPPrefix) -> Bool {
        switch (outer, inner) {
        case (.v4(let o), .v4(let i)): o.contains(i)
        case (.v6(let o), .v6(let i)): o.contains(i)
        default: false
        }
    }

    static func contains(_ outer: IPPrefix, _ address: IPAddress) -> Bool {
        switch (outer, address) {
        case (.v4(let o), .v4(let a)): o.contains(a)
        case (.v6(let o), .v6(let a)): o.contains(a)
        default: false
        }
    }

    /// Whether the text had host bits set (the parsed prefix masks them away).
    static func isCanonical(_ text: String, _ prefix: IPPrefix) -> Bool {
        let address = text.split(separator: "/").first.map(String.init) ?? ""
        return IPAddress(address).map { a -> Bool in
            switch (prefix, a) {
            case (.v4(let p), .v4(let x)): p.address == x
            case (.v6(let p), .v6(let x)): p.address == x
            default: false
            }
        } ?? false
    }
}
