/// Swiftlet's hold-time extension: the annotation `swiftlet.io/hold-time: "90s"` on a BGPPeer or
/// BGPConfiguration. Annotations are free-form in Calico's schema, so calicoctl still accepts
/// the resource. RFC 4271 §4.2: the hold time is 0 (no keepalives) or at least 3 seconds.

public enum HoldTimeAnnotation {
    public static let key = "swiftlet.io/hold-time"
    /// Prefix reserved for Swiftlet annotations; unknown keys under it are errors.
    public static let prefix = "swiftlet.io/"

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case notADuration, notWholeSeconds, tooShort, tooLong
        public var description: String {
            switch self {
            case .notADuration: "not a Go duration such as \"90s\" or \"1m30s\""
            case .notWholeSeconds: "hold time must be a whole number of seconds"
            case .tooShort: "hold time must be 0 or at least 3 seconds (RFC 4271 §4.2)"
            case .tooLong: "hold time must be at most 65535 seconds"
            }
        }
    }

    /// Seconds, validated.
    public static func parse(_ text: String) -> Result<UInt16, Problem> {
        guard let d = GoDuration(text) else { return .failure(.notADuration) }
        guard d.isWholeSeconds else { return .failure(.notWholeSeconds) }
        guard d.seconds == 0 || d.seconds >= 3 else { return .failure(.tooShort) }
        guard d.seconds <= 65535 else { return .failure(.tooLong) }
        return .success(UInt16(d.seconds))
    }

    /// Reads the annotation from metadata, recording a problem against the field path.
    static func read(_ meta: ObjectMeta, context: DocumentContext) -> UInt16? {
        for key in meta.annotations.keys.sorted() where key.hasPrefix(prefix) && key != self.key {
            context.fail("metadata.annotations[\"\(key)\"]", meta.annotations[key] ?? "",
                         "unknown Swiftlet annotation (supported: \(self.key))")
        }
        guard let text = meta.annotations[key] else { return nil }
        switch parse(text) {
        case .success(let s): return s
        case .failure(let p):
            context.fail("metadata.annotations[\"\(key)\"]", text, p.description)
            return nil
        }
    }
}
