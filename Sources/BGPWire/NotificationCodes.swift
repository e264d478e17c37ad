/// Named NOTIFICATION error codes and subcodes (IANA "BGP Error (Notification) Codes" and
/// "BGP Error Subcodes"), each with the RFC's human description. The wire form stays raw in
/// `NotificationMessage` so that any value received can be kept and printed; these enums only
/// give names to the known ones.
///
/// Sources: RFC 4271 §4.5 and §6 (codes 1–6 and their subcodes, subcode 0 "Unspecific"),
/// RFC 5492 §5 (OPEN 7), RFC 4486 (Cease 1–8), RFC 8538 (Cease 9), RFC 9384 (Cease 10),
/// RFC 6608 (FSM subcodes), RFC 7313 §5 (code 7), RFC 9234 §4.2 (OPEN 11), RFC 9687 (code 8).

/// NOTIFICATION Error Code (RFC 4271 §4.5).
public enum NotificationCode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case messageHeaderError = 1
    case openMessageError = 2
    case updateMessageError = 3
    case holdTimerExpired = 4
    case finiteStateMachineError = 5
    case cease = 6
    /// RFC 7313 §5.
    case routeRefreshMessageError = 7
    /// RFC 9687 (Send Hold Timer).
    case sendHoldTimerExpired = 8

    public var description: String {
        switch self {
        case .messageHeaderError: "Message Header Error"
        case .openMessageError: "OPEN Message Error"
        case .updateMessageError: "UPDATE Message Error"
        case .holdTimerExpired: "Hold Timer Expired"
        case .finiteStateMachineError: "Finite State Machine Error"
        case .cease: "Cease"
        case .routeRefreshMessageError: "ROUTE-REFRESH Message Error"
        case .sendHoldTimerExpired: "Send Hold Timer Expired"
        }
    }
}

/// Message Header Error subcodes (RFC 4271 §6.1).
public enum MessageHeaderErrorSubcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecific = 0
    case connectionNotSynchronized = 1
    case badMessageLength = 2
    case badMessageType = 3

    public var description: String {
        switch self {
        case .unspecific: "Unspecific"
        case .connectionNotSynchronized: "Connection Not Synchronized"
        case .badMessageLength: "Bad Message Length"
        case .badMessageType: "Bad Message Type"
        }
    }
}

/// OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492 §5, RFC 9234 §4.2). Subcode 5 is
/// deprecated (RFC 4271 Appendix A); 8–10 were assigned to a multisession draft and are
/// deprecated by IANA, so they are printed by number.
public enum OpenMessageErrorSubcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecific = 0
    case unsupportedVersionNumber = 1
    case badPeerAS = 2
    case badBGPIdentifier = 3
    case unsupportedOptionalParameter = 4
    /// Deprecated (RFC 4271 Appendix A).
    case authenticationFailure = 5
    case unacceptableHoldTime = 6
    /// RFC 5492 §5.
    case unsupportedCapability = 7
    /// RFC 9234 §4.2.
    case roleMismatch = 11

    public var description: String {
        switch self {
        case .unspecific: "Unspecific"
        case .unsupportedVersionNumber: "Unsupported Version Number"
        case .badPeerAS: "Bad Peer AS"
        case .badBGPIdentifier: "Bad BGP Identifier"
        case .unsupportedOptionalParameter: "Unsupported Optional Parameter"
        case .authenticationFailure: "Authentication Failure (deprecated)"
        case .unacceptableHoldTime: "Unacceptable Hold Time"
        case .unsupportedCapability: "Unsupported Capability"
        case .roleMismatch: "Role Mismatch"
        }
    }
}

/// UPDATE Message Error subcodes (RFC 4271 §6.3). Subcode 7 is deprecated (Appendix A).
public enum UpdateMessageErrorSubcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecific = 0
    case malformedAttributeList = 1
    case unrecognizedWellKnownAttribute = 2
    case missingWellKnownAttribute = 3
    case attributeFlagsError = 4
    case attributeLengthError = 5
    case invalidOriginAttribute = 6
    /// Deprecated (RFC 4271 Appendix A).
    case asRoutingLoop = 7
    case invalidNextHopAttribute = 8
    case optionalAttributeError = 9
    case invalidNetworkField = 10
    case malformedASPath = 11

    public var description: String {
        switch self {
        case .unspecific: "Unspecific"
        case .malformedAttributeList: "Malformed Attribute List"
        case .unrecognizedWellKnownAttribute: "Unrecognized Well-known Attribute"
        case .missingWellKnownAttribute: "Missing Well-known Attribute"
        case .attributeFlagsError: "Attribute Flags Error"
        case .attributeLengthError: "Attribute Length Error"
        case .invalidOriginAttribute: "Invalid ORIGIN Attribute"
        case .asRoutingLoop: "AS Routing Loop (deprecated)"
        case .invalidNextHopAttribute: "Invalid NEXT_HOP Attribute"
        case .optionalAttributeError: "Optional Attribute Error"
        case .invalidNetworkField: "Invalid Network Field"
        case .malformedASPath: "Malformed AS_PATH"
        }
    }
}

/// Finite State Machine Error subcodes (RFC 6608 §3).
public enum FSMErrorSubcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecified = 0
    case unexpectedMessageInOpenSent = 1
    case unexpectedMessageInOpenConfirm = 2
    case unexpectedMessageInEstablished = 3

    public var description: String {
        switch self {
        case .unspecified: "Unspecified Error"
        case .unexpectedMessageInOpenSent: "Receive Unexpected Message in OpenSent State"
        case .unexpectedMessageInOpenConfirm: "Receive Unexpected Message in OpenConfirm State"
        case .unexpectedMessageInEstablished: "Receive Unexpected Message in Established State"
        }
    }
}

/// Cease subcodes (RFC 4486 §4, RFC 8538 §3 Hard Reset, RFC 9384 §3 BFD Down).
public enum CeaseSubcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecific = 0
    case maximumNumberOfPrefixesReached = 1
    /// Data may carry a Shutdown Communication (RFC 9003).
    case administrativeShutdown = 2
    case peerDeconfigured = 3
    /// Data may carry a Shutdown Communication (RFC 9003).
    case administrativeReset = 4
    case connectionRejected = 5
    case otherConfigurationChange = 6
    case connectionCollisionResolution = 7
    case outOfResources = 8
    /// RFC 8538 §3: data holds the subcode (and data) of the real cause.
    case hardReset = 9
    /// RFC 9384.
    case bfdDown = 10

    public var description: String {
        switch self {
        case .unspecific: "Unspecific"
        case .maximumNumberOfPrefixesReached: "Maximum Number of Prefixes Reached"
        case .administrativeShutdown: "Administrative Shutdown"
        case .peerDeconfigured: "Peer De-configured"
        case .administrativeReset: "Administrative Reset"
        case .connectionRejected: "Connection Rejected"
        case .otherConfigurationChange: "Other Configuration Change"
        case .connectionCollisionResolution: "Connection Collision Resolution"
        case .outOfResources: "Out of Resources"
        case .hardReset: "Hard Reset"
        case .bfdDown: "BFD Down"
        }
    }
}

/// ROUTE-REFRESH Message Error subcodes (RFC 7313 §5).
public enum RouteRefreshErrorSubcode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case reserved = 0
    case invalidMessageLength = 1

    public var description: String {
        switch self {
        case .reserved: "Reserved"
        case .invalidMessageLength: "Invalid Message Length"
        }
    }
}

extension NotificationMessage {
    public init(_ subcode: MessageHeaderErrorSubcode, data: [UInt8] = []) {
        self.init(code: NotificationCode.messageHeaderError.rawValue, subcode: subcode.rawValue, data: data)
    }
    public init(_ subcode: OpenMessageErrorSubcode, data: [UInt8] = []) {
        self.init(code: NotificationCode.openMessageError.rawValue, subcode: subcode.rawValue, data: data)
    }
    public init(_ subcode: UpdateMessageErrorSubcode, data: [UInt8] = []) {
        self.init(code: NotificationCode.updateMessageError.rawValue, subcode: subcode.rawValue, data: data)
    }
    public init(_ subcode: FSMErrorSubcode, data: [UInt8] = []) {
        self.init(code: NotificationCode.finiteStateMachineError.rawValue, subcode: subcode.rawValue, data: data)
    }
    public init(_ subcode: CeaseSubcode, data: [UInt8] = []) {
        self.init(code: NotificationCode.cease.rawValue, subcode: subcode.rawValue, data: data)
    }
    public init(_ subcode: RouteRefreshErrorSubcode, data: [UInt8] = []) {
        self.init(code: NotificationCode.routeRefreshMessageError.rawValue, subcode: subcode.rawValue, data: data)
    }

    /// Hold Timer Expired (RFC 4271 §6.5): no subcode, no data.
    public static let holdTimerExpired = NotificationMessage(code: NotificationCode.holdTimerExpired.rawValue, subcode: 0)
    /// Send Hold Timer Expired (RFC 9687).
    public static let sendHoldTimerExpired = NotificationMessage(code: NotificationCode.sendHoldTimerExpired.rawValue, subcode: 0)

    /// The named code, or nil for a code IANA has not assigned (or Swiftlet does not know).
    public var knownCode: NotificationCode? { NotificationCode(rawValue: code) }

    /// "Cease", or "code 42" for an unknown code.
    public var codeName: String { knownCode?.description ?? "code \(code)" }

    /// The subcode's RFC name within its code, or "subcode N" when unknown.
    public var subcodeName: String {
        let name: String?
        switch knownCode {
        case .messageHeaderError: name = MessageHeaderErrorSubcode(rawValue: subcode)?.description
        case .openMessageError: name = OpenMessageErrorSubcode(rawValue: subcode)?.description
        case .updateMessageError: name = UpdateMessageErrorSubcode(rawValue: subcode)?.description
        case .finiteStateMachineError: name = FSMErrorSubcode(rawValue: subcode)?.description
        case .cease: name = CeaseSubcode(rawValue: subcode)?.description
        case .routeRefreshMessageError: name = RouteRefreshErrorSubcode(rawValue: subcode)?.description
        case .holdTimerExpired, .sendHoldTimerExpired: name = subcode == 0 ? "Unspecific" : nil
        case nil: name = nil
        }
        return name ?? "subcode \(subcode)"
    }
}
