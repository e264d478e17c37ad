/// `ConnectionCounters`: bytes and messages in and out of one connection, for status output.

public struct ConnectionCounters: Hashable, Sendable {
    /// Bytes read from the socket.
    public var bytesIn = 0
    /// Whole messages framed and delivered (including one that failed to decode).
    public var messagesIn = 0
    /// Bytes the kernel took from us.
    public var bytesOut = 0
    /// Messages written completely to the kernel.
    public var messagesOut = 0
    /// `send` calls refused because the buffer was at its high-water mark.
    public var sendsRefused = 0
    /// Queued messages dropped unsent because a NOTIFICATION closed the connection.
    public var messagesDropped = 0

    public init() {}
}
