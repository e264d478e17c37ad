/// The daemon's answers to control requests: parse the line, take the speaker's snapshot (the
/// speaker hops onto its own queue), encode one JSON reply.
import Speaker

extension Daemon {
    /// The reply (JSON, no newline) to one request line. Runs on a control-socket thread.
    func answer(_ line: String) -> [UInt8] {
        let request: ControlRequest
        do {
            request = try ControlRequest(line: line)
        } catch {
            return ControlCoding.encode(ControlReply<String>(error: error.description))
        }
        switch request {
        case .status:
            let datastore = queue.sync { datastoreStatus }
            return ControlCoding.encode(ControlReply(result: StatusReport(daemon: daemonStatus(), datastore: datastore)))
        case .peers: return ControlCoding.encode(ControlReply(result: speaker.peers()))
        case .routes(let prefix): return ControlCoding.encode(ControlReply(result: speaker.routes(prefix: prefix)))
        case .reload: return ControlCoding.encode(ControlReply(result: reload()))
        case .kernelRoutes: return ControlCoding.encode(ControlReply(result: kernelRoutes()))
        }
    }
}
