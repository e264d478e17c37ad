/// Drives framing, parsing and output over a stream of decompressed MRT bytes delivered in
/// chunks: `consume` takes every whole record in a buffer and says how many bytes it used;
/// `finish` reports a stream that ends inside a record (RFC 6396 §2: the length field counts
/// the body bytes that must follow the header).
public struct MRTDecoder {
    public enum Mode: Sendable {
        /// `bgpdump -m` lines; `largeCommunities` adds bgpdump `-l`'s field.
        case lines(largeCommunities: Bool)
        /// Counts only (`--summary`).
        case summary
    }

    public let mode: Mode
    public private(set) var summary = MRTSummary()
    private var parser = MRTRecordParser()
    private var writer: BGPDumpWriter

    public init(mode: Mode) {
        self.mode = mode
        if case .lines(let large) = mode { writer = BGPDumpWriter(largeCommunities: large) } else { writer = BGPDumpWriter(largeCommunities: false) }
    }

    /// Decodes the whole records at the start of `bytes`, appending output to `out`. Returns the
    /// number of bytes used; the rest (a partial record) must be offered again with more data.
    /// `streamOffset` is the offset of `bytes[0]` in the decompressed stream (for errors).
    /// It also returns early, after a whole record, once `out` holds `outputLimit` bytes, so the
    /// caller can hand the output on before it grows.
    public mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, streamOffset: Int, into out: inout [UInt8],
                                 outputLimit: Int = Int.max) throws(MRTError) -> Int {
        var at = 0
        while out.count < outputLimit {
            switch MRTFramer.frame(bytes, at: at) {
            case .needMore:
                return at
            case .malformed(let reason):
                throw MRTError(offset: streamOffset + at, reason: reason)
            case .record(let header, let body):
                let entry = parser.parse(header, bytes, body)
                switch mode {
                case .lines: writer.write(entry, header, bytes, into: &out)
                case .summary: summary.add(entry, header, bytes)
                }
                at = body.upperBound
            }
        }
        return at
    }

    /// Call at the end of the stream with the bytes `consume` left over.
    public func finish(_ leftover: UnsafeBufferPointer<UInt8>, streamOffset: Int) throws(MRTError) {
        guard !leftover.isEmpty else { return }
        throw MRTFramer.truncation(leftover, at: 0, streamOffset: streamOffset)
    }

    /// Decodes a whole in-memory stream: the text written and the error that stopped it, if any.
    public static func decodeAll(_ bytes: [UInt8], mode: Mode) -> (output: [UInt8], summary: MRTSummary, error: MRTError?) {
        var decoder = MRTDecoder(mode: mode)
        var out = [UInt8]()
        let error: MRTError? = bytes.withUnsafeBufferPointer { p -> MRTError? in
            do throws(MRTError) {
                let used = try decoder.consume(p, streamOffset: 0, into: &out)
                try decoder.finish(UnsafeBufferPointer(rebasing: p[used...]), streamOffset: used)
                return nil
            } catch {
                return error
            }
        }
        return (out, decoder.summary, error)
    }
}
