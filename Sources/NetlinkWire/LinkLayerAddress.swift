/// A link-layer (MAC) address as it travels in IFLA_ADDRESS and NDA_LLADDR: raw bytes, usually
/// six, printed and parsed as lowercase colon-separated hex ("66:55:44:33:22:11").
public struct LinkLayerAddress: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// "aa:bb:cc:dd:ee:ff" (any number of 1–2 digit hex groups); nil on anything else.
    public init?(_ text: some StringProtocol) {
        var out: [UInt8] = []
        for part in text.split(separator: ":", omittingEmptySubsequences: false) {
            guard (1...2).contains(part.utf8.count), let b = UInt8(part, radix: 16) else { return nil }
            out.append(b)
        }
        guard !out.isEmpty else { return nil }
        bytes = out
    }

    public var description: String {
        bytes.map { b in
            let s = String(b, radix: 16)
            return b < 16 ? "0" + s : s
        }.joined(separator: ":")
    }
}
