/// A Go `time.Duration` as Kubernetes/Calico write it ("10s", "1m30s", "1h", "500ms").

public struct GoDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(seconds: Int64) { nanoseconds = seconds * 1_000_000_000 }

    /// Whole seconds, rounded down.
    public var seconds: Int64 { nanoseconds / 1_000_000_000 }
    /// True when the duration is a whole number of seconds.
    public var isWholeSeconds: Bool { nanoseconds % 1_000_000_000 == 0 }

    private static let units: [(String, Int64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Parses Go's syntax: one or more `<decimal><unit>` terms, units ns us µs ms s m h; "0"
    /// alone is allowed. Negative durations are refused (no Calico field takes one).
    public init?(_ text: String) {
        if text == "0" { self.init(nanoseconds: 0); return }
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            guard let (value, unitLength) = GoDuration.term(rest) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = sum
            rest = rest.dropFirst(unitLength)
        }
        self.init(nanoseconds: total)
    }

    /// One `<number><unit>` term at the start of `s`: its value and how many characters it used.
    private static func term(_ s: Substring) -> (Int64, Int)? {
        let number = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1 else { return nil }
        let afterNumber = s.dropFirst(number.count)
        // Longest unit first so "ms" wins over "m".
        for (unit, scale) in units.sorted(by: { $0.0.count > $1.0.count }) where afterNumber.hasPrefix(unit) {
            guard let value = scaled(String(number), scale) else { return nil }
            return (value, number.count + unit.count)
        }
        return nil
    }

    /// `digits[.fraction] * scale`, nil on overflow or an empty part.
    private static func scaled(_ number: String, _ scale: Int64) -> Int64? {
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = parts.first, !(whole.isEmpty && (parts.count < 2 || parts[1].isEmpty)) else { return nil }
        let w = whole.isEmpty ? 0 : Int64(whole)
        guard let w else { return nil }
        let (product, overflow) = w.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        guard parts.count == 2 else { return product }
        var fraction: Int64 = 0
        var divisor: Int64 = 1
        for ch in parts[1].prefix(18) {
            guard let d = ch.wholeNumberValue else { return nil }
            fraction = fraction * 10 + Int64(d)
            divisor *= 10
        }
        return product + Int64((Double(fraction) / Double(divisor) * Double(scale)).rounded(.down))
    }

    /// Go's canonical form: "1m30s", "90ms", "0s".
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        if nanoseconds < 1_000_000_000 {
            if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
            if nanoseconds % 1_000 == 0 { return "\(nanoseconds / 1_000)us" }
            return "\(nanoseconds)ns"
        }
        let h = nanoseconds / 3_600_000_000_000
        let m = nanoseconds / 60_000_000_000 % 60
        let s = nanoseconds % 60_000_000_000
        var out = ""
        if h > 0 { out += "\(h)h" }
        if h > 0 || m > 0 { out += "\(m)m" }
        out += GoDuration.secondsText(s) + "s"
        return out
    }

    private static func secondsText(_ ns: Int64) -> String {
        let whole = ns / 1_000_000_000
        var frac = ns % 1_000_000_000
        guard frac > 0 else { return "\(whole)" }
        var digits = 9
        while frac % 10 == 0 { frac /= 10; digits -= 1 }
        let text = String(frac)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }

    public static func < (l: GoDuration, r: GoDuration) -> Bool { l.nanoseconds < r.nanoseconds }
}
