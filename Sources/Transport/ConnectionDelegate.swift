/// `ConnectionDelegate`: the owner of connections (the speaker) hears their events here.

/// Called on the connection's queue, never re-entrantly from a call the owner made on the
/// connection. The connection keeps its delegate weakly.
public protocol ConnectionDelegate: AnyObject {
    func connection(_ connection: Connection, didReport event: ConnectionEvent)
}
