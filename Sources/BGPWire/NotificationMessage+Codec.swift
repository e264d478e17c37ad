/// NOTIFICATION encode/decode (RFC 4271 §4.5), the Shutdown Communication of RFC 8203 as
/// updated by RFC 9003 (Cease subcodes 2 and 4), the Hard Reset wrapper of RFC 8538 §3, and the
/// operator-facing `description`, e.g. `Cease/Administrative Shutdown: "maintenance"`.

extension NotificationMessage {
    /// Decodes a NOTIFICATION body (everything after the 19-byte header). RFC 4271 §4.5: the
    /// body is at least code and subcode; the data runs to the end of the message.
    public static func decode(body: ArraySlice<UInt8>) throws(WireError) -> NotificationMessage {
        guard body.count >= 2 else {
            throw MessageFramer.badLength(BGPHeader.length + body.count,
                                          "NOTIFICATION body of \(body.count) bytes is shorter than code and subcode")
        }
        let i = body.startIndex
        return NotificationMessage(code: body[i], subcode: body[i + 1], data: Array(body.dropFirst(2)))
    }

    /// The NOTIFICATION body: code, subcode, data.
    public func encode() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(2 + data.count)
        out.append(code)
        out.append(subcode)
        out.append(contentsOf: data)
        return out
    }
}

// MARK: - Shutdown Communication (RFC 9003)

extension NotificationMessage {
    /// RFC 9003 §2: the communication is at most 255 octets of UTF-8 (RFC 8203 allowed 128).
    public static let maxShutdownCommunicationLength = 255

    /// Cease / Administrative Shutdown (or, with `reset`, Administrative Reset) carrying
    /// `message` as a Shutdown Communication (RFC 9003 §2): one length octet, then UTF-8.
    /// A longer message is cut to 255 octets at a character boundary, never mid-character.
    public static func shutdown(_ message: String = "", reset: Bool = false) -> NotificationMessage {
        var text = Array(message.utf8)
        if text.count > maxShutdownCommunicationLength {
            var cut = maxShutdownCommunicationLength
            // Back off while the first dropped byte continues a character (10xxxxxx).
            while cut > 0, text[cut] & 0xC0 == 0x80 { cut -= 1 }
            text.removeSubrange(cut...)
        }
        var data = [UInt8(truncatingIfNeeded: text.count)]
        data.append(contentsOf: text)
        return NotificationMessage(reset ? CeaseSubcode.administrativeReset : .administrativeShutdown, data: data)
    }

    /// True for Cease subcodes whose data may hold a Shutdown Communication (RFC 9003 §2).
    public var mayCarryShutdownCommunication: Bool {
        code == NotificationCode.cease.rawValue
            && (subcode == CeaseSubcode.administrativeShutdown.rawValue
                || subcode == CeaseSubcode.administrativeReset.rawValue)
    }

    /// The Shutdown Communication, or nil when there is none or it is malformed: data empty or
    /// length 0, a length octet larger than the data that follows, or bytes that are not valid
    /// UTF-8 (RFC 9003 §3 tells the receiver to log such a one rather than act on it). Bytes
    /// after the communication are ignored. Never traps.
    public var shutdownCommunication: String? {
        guard mayCarryShutdownCommunication, let length = data.first, length > 0,
              Int(length) <= data.count - 1 else { return nil }
        let text = data[1...Int(length)]
        let decoded = String(decoding: text, as: UTF8.self)
        // String(decoding:) repairs bad UTF-8 with U+FFFD; a repaired string re-encodes differently.
        guard decoded.utf8.elementsEqual(text) else { return nil }
        return decoded
    }

    /// For Cease / Hard Reset (RFC 8538 §3.1): the NOTIFICATION that is the real cause, whose
    /// subcode and data are carried in this one's data. Nil otherwise or when data is empty.
    public var hardResetCause: NotificationMessage? {
        guard code == NotificationCode.cease.rawValue, subcode == CeaseSubcode.hardReset.rawValue,
              let inner = data.first else { return nil }
        return NotificationMessage(code: NotificationCode.cease.rawValue, subcode: inner, data: Array(data.dropFirst()))
    }

    /// Cease / Hard Reset wrapping `cause`, a Cease NOTIFICATION (RFC 8538 §3.1).
    public static func hardReset(_ cause: NotificationMessage) -> NotificationMessage {
        NotificationMessage(CeaseSubcode.hardReset, data: [cause.subcode] + cause.data)
    }
}

// MARK: - Text

extension NotificationMessage: CustomStringConvertible {
    /// `Code/Subcode`, then the Shutdown Communication in quotes, the Hard Reset cause in
    /// parentheses, or the data in hex (first 64 bytes).
    public var description: String {
        var text = codeName
        if !(subcode == 0 && (knownCode == .holdTimerExpired || knownCode == .sendHoldTimerExpired)) {
            text += "/" + subcodeName
        }
        if let communication = shutdownCommunication {
            text += ": \"\(communication)\""
        } else if let cause = hardResetCause, cause.subcode != CeaseSubcode.hardReset.rawValue {
            // (A nested Hard Reset is printed as data: no recursion driven by received bytes.)
            text += " (\(cause.description))"
        } else if !data.isEmpty {
            text += " (data " + NotificationMessage.hex(data.prefix(64)) + (data.count > 64 ? " …" : "") + ")"
        }
        return text
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var parts = [String]()
        parts.reserveCapacity(bytes.count)
        for b in bytes { parts.append(String([digits[Int(b >> 4)], digits[Int(b & 0xf)]])) }
        return parts.joined(separator: " ")
    }
}
