import NetCore

/// One BGP message (RFC 4271 §4).
public enum BGPMessage: Hashable, Sendable {
    case open(OpenMessage)
    case update(UpdateMessage)
    case notification(NotificationMessage)
    case keepalive
    case routeRefresh(RouteRefreshMessage)

    public var type: MessageType {
        switch self {
        case .open: .open
        case .update: .update
        case .notification: .notification
        case .keepalive: .keepalive
        case .routeRefresh: .routeRefresh
        }
    }
}

/// NOTIFICATION (RFC 4271 §4.5). Codes and subcodes are raw so that any value received can be
/// kept and printed; `NotificationCode` and the subcode enums name the known ones.
public struct NotificationMessage: Hashable, Sendable, Error {
    public var code: UInt8
    public var subcode: UInt8
    public var data: [UInt8]
    public init(code: UInt8, subcode: UInt8, data: [UInt8] = []) {
        self.code = code; self.subcode = subcode; self.data = data
    }
}

/// A decoding failure that must end the session: the NOTIFICATION to send, and a sentence for
/// the operator naming what was wrong and where.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    public var notification: NotificationMessage
    public var reason: String
    public init(_ notification: NotificationMessage, _ reason: String) {
        self.notification = notification; self.reason = reason
    }
    public var description: String { reason }
}

/// UPDATE (RFC 4271 §4.3) with IPv4 withdrawn routes and NLRI in their own fields, and any
/// other family inside MP_REACH_NLRI / MP_UNREACH_NLRI attributes.
public struct UpdateMessage: Hashable, Sendable {
    public var withdrawn: NLRIList
    public var attributes: [PathAttribute] {
        get { storedAttributes }
        set { storedAttributes = newValue; encodedAttributes = nil }
        _modify {
            encodedAttributes = nil
            yield &storedAttributes
        }
    }
    public var nlri: NLRIList
    /// RFC 7606 findings while decoding (empty for a message built locally or decoded clean).
    public var attributeErrors: [AttributeError]
    var storedAttributes: [PathAttribute]
    /// The attributes other than MP_REACH_NLRI / MP_UNREACH_NLRI as `encode` writes them, kept
    /// by `cacheEncodedAttributes`; a function of `attributes`, so equality ignores it, and any
    /// change to `attributes` drops it.
    var encodedAttributes: EncodedAttributes?

    public init(withdrawn: NLRIList = .emptyIPv4, attributes: [PathAttribute] = [], nlri: NLRIList = .emptyIPv4,
                attributeErrors: [AttributeError] = []) {
        self.withdrawn = withdrawn; self.storedAttributes = attributes; self.nlri = nlri
        self.attributeErrors = attributeErrors
    }

    public static func == (l: UpdateMessage, r: UpdateMessage) -> Bool {
        l.withdrawn == r.withdrawn && l.storedAttributes == r.storedAttributes && l.nlri == r.nlri
            && l.attributeErrors == r.attributeErrors
    }

    public func hash(into h: inout Hasher) {
        h.combine(withdrawn); h.combine(storedAttributes); h.combine(nlri); h.combine(attributeErrors)
    }
}

/// Encoded non-MP path attributes of an `UpdateMessage` for sessions of one AS number width
/// (the only part of the encode context they depend on).
struct EncodedAttributes: Sendable {
    var fourOctetAS: Bool
    var bytes: [UInt8]
}

/// RFC 7606 §2 error handling approaches, in increasing severity.
public enum ErrorAction: Int, Hashable, Sendable, Comparable {
    /// Drop the attribute and go on (§2 "attribute discard").
    case attributeDiscard = 0
    /// Treat every NLRI of the UPDATE as withdrawn (§2 "treat-as-withdraw").
    case treatAsWithdraw = 1
    /// AFI/SAFI disable is not used by Swiftlet (§2): escalated to session reset.
    case sessionReset = 2
    public static func < (l: ErrorAction, r: ErrorAction) -> Bool { l.rawValue < r.rawValue }
}

/// One malformed attribute, its RFC 7606 class and the NOTIFICATION that RFC 4271 §6.3 would
/// have sent (used when the class is session reset, and for logging otherwise).
public struct AttributeError: Hashable, Sendable, CustomStringConvertible {
    public var code: AttributeCode
    public var action: ErrorAction
    public var notification: NotificationMessage
    public var reason: String
    public init(code: AttributeCode, action: ErrorAction, notification: NotificationMessage, reason: String) {
        self.code = code; self.action = action; self.notification = notification; self.reason = reason
    }
    public var description: String { reason }
}

/// ROUTE-REFRESH (RFC 2918 §3; the reserved byte is the message subtype of RFC 7313 §3.2).
public struct RouteRefreshMessage: Hashable, Sendable {
    public enum Subtype: UInt8, Hashable, Sendable {
        case normal = 0
        /// Beginning of Route Refresh (RFC 7313).
        case beginning = 1
        /// End of Route Refresh (RFC 7313).
        case end = 2
    }
    public var family: AddressFamily
    /// Raw subtype, so reserved values received are kept (RFC 7313 §5: ignore them).
    public var subtypeRaw: UInt8
    public var subtype: Subtype? { Subtype(rawValue: subtypeRaw) }
    public init(family: AddressFamily, subtype: Subtype = .normal) {
        self.family = family; self.subtypeRaw = subtype.rawValue
    }
    public init(family: AddressFamily, subtypeRaw: UInt8) {
        self.family = family; self.subtypeRaw = subtypeRaw
    }
}
