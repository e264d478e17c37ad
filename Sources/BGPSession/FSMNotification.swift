/// The NOTIFICATIONs the FSM itself sends (RFC 4271 §8.2.2, RFC 4486, RFC 6608).
import BGPWire

enum FSMNotification {
    /// The highest BGP version this speaker supports (data of 2/1, RFC 4271 §6.2).
    static let supportedVersion: UInt8 = 4

    /// 5/x Finite State Machine Error; the subcode names the state (RFC 6608 §3).
    static func fsmError(in state: SessionFSM.State) -> NotificationMessage {
        switch state {
        case .openSent: NotificationMessage(FSMErrorSubcode.unexpectedMessageInOpenSent)
        case .openConfirm: NotificationMessage(FSMErrorSubcode.unexpectedMessageInOpenConfirm)
        case .established: NotificationMessage(FSMErrorSubcode.unexpectedMessageInEstablished)
        case .idle, .connect, .active: NotificationMessage(FSMErrorSubcode.unspecified)
        }
    }
}
