/// RFC 6793 §4.2.3: rebuilding the 4-octet AS path from AS_PATH and AS4_PATH received from a
/// 2-octet ("OLD") speaker, and the AGGREGATOR / AS4_AGGREGATOR choice that goes with it.
import NetCore

extension ASPath {
    /// RFC 6793 §4.2.3. `self` is the AS_PATH as received (AS_TRANS in place of 4-octet
    /// numbers). Counting AS numbers as RFC 4271 §9.1.2.2 does (`length`):
    /// - if AS_PATH has fewer AS numbers than AS4_PATH, AS4_PATH is ignored and AS_PATH is the path;
    /// - otherwise as many leading AS numbers and segments of AS_PATH as make up the difference
    ///   are prepended to AS4_PATH, so the result has as many AS numbers as AS_PATH. A leading
    ///   confederation segment, or one adjacent to a prepended segment, is prepended whole.
    ///
    /// A sequence cut in the middle is joined with a leading AS4_PATH sequence (the text form is
    /// the same as bgpdump's, which keeps them as two segments).
    public func merging(as4Path: ASPath) -> ASPath {
        let total = length
        let total4 = as4Path.length
        guard total >= total4 else { return self }
        var need = total - total4
        var out: [ASPathSegment] = []
        var lastTakenWhole = true  // "the leading path segment" counts as adjacent
        for s in segments {
            let isConfed = s.type == .confedSequence || s.type == .confedSet
            if need == 0 {
                guard isConfed, lastTakenWhole else { break }
                out.append(s)
                continue
            }
            switch s.type {
            case .confedSequence, .confedSet:
                out.append(s)
                lastTakenWhole = true
            case .set:
                out.append(s)
                need -= s.asns.isEmpty ? 0 : 1
                lastTakenWhole = true
            case .sequence:
                let take = min(need, s.asns.count)
                out.append(ASPathSegment(type: .sequence, asns: Array(s.asns.prefix(take))))
                need -= take
                lastTakenWhole = take == s.asns.count
            }
        }
        var tail = as4Path.segments[...]
        if let last = out.last, last.type == .sequence, let first = tail.first, first.type == .sequence {
            out[out.count - 1].asns.append(contentsOf: first.asns)
            tail = tail.dropFirst()
        }
        out.append(contentsOf: tail)
        return ASPath(segments: out)
    }
}

extension UpdateMessage {
    /// The AS path to use (RFC 6793 §4.2.3): AS_PATH, merged with AS4_PATH when one is present.
    /// AS4_PATH survives decoding only on a 2-octet session (from a 4-octet one it is discarded,
    /// RFC 6793 §4.1), so its presence means the UPDATE came from an OLD speaker. AS4_PATH is
    /// ignored when AGGREGATOR holds an AS other than AS_TRANS while AS4_AGGREGATOR is present
    /// (the route was aggregated by an OLD speaker after the AS4_PATH was made).
    /// nil when there is no AS_PATH (e.g. a withdrawal).
    public var effectiveASPath: ASPath? {
        guard let path = asPath else { return nil }
        guard let path4 = as4Path else { return path }
        if let agg = aggregator, agg.asn != ASN.trans, as4Aggregator != nil { return path }
        return path.merging(as4Path: path4)
    }

    /// The aggregator to use (RFC 6793 §4.2.3): AS4_AGGREGATOR when AGGREGATOR holds AS_TRANS,
    /// otherwise AGGREGATOR. An AS4_AGGREGATOR without AGGREGATOR is ignored.
    public var effectiveAggregator: Aggregator? {
        guard let agg = aggregator else { return nil }
        if agg.asn == ASN.trans, let agg4 = as4Aggregator { return agg4 }
        return agg
    }
}
