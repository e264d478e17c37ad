/// Writing with backpressure: a peer that does not read keeps the writer's buffer bounded and
/// `.writable` silent; when it reads, `.writable` fires and the writer goes on.
import BGPWire
import Dispatch
import Glibc
import NetCore
import Platform
import Testing
@testable import Transport

extension TransportTests {
    @Suite struct BackpressureTests {
        @Test func slowPeerBoundsTheBufferAndWritableResumes() async throws {
            let queue = DispatchQueue(label: "test.backpressure")
            // The "peer" is a raw listener socket whose accepted side we do not read at first.
            let listening = try Socket(family: .ipv4)
            try listening.bind(to: SocketAddress(loopback4, port: 0))
            try listening.listen(backlog: 4)
            let address = try #require(try listening.localAddress())
            let options = ConnectionOptions(highWaterMark: 128 * 1024, lowWaterMark: 32 * 1024)
            let events = EventRecorder()
            let writer = connect(to: address, options: options, queue: queue, recorder: events)
            #expect(await waitUntil(queue) { events.connectedCount == 1 })
            guard RawPeer.poll(listening, events: Int16(POLLIN), timeoutMs: 5000),
                  let (peerSocket, _) = try listening.accept() else { throw TestFailure("no accept") }
            let peer = RawPeer(socket: peerSocket)
            // Kernel buffers are left alone: a receive window below the loopback MSS would
            // stall TCP on its persist timer (200 ms per step).

            // The producer: on every `.writable`, send UPDATEs until refused.
            let update = Fixtures.bytes(Fixtures.update(1))
            var produced = 0
            var maxBuffered = 0
            let produce: (Connection) -> Void = { c in
                while c.send(encoded: update, urgent: false) {
                    produced += 1
                    maxBuffered = max(maxBuffered, c.bufferedBytes)
                }
            }
            queue.sync {
                events.react = { c, e in if case .writable = e { produce(c) } }
                produce(writer)
            }
            // Nobody reads: the buffer fills to the high-water mark and stays there.
            #expect(await waitUntil(queue) { writer.bufferedBytes > options.highWaterMark - update.count })
            await settle(.milliseconds(300))
            let (stuckWritable, stuckProduced) = queue.sync {
                #expect(writer.bufferedBytes <= options.highWaterMark)
                #expect(maxBuffered <= options.highWaterMark)
                // Stuck above the low-water mark (the kernel may take a little after the last
                // refused send: writes are coalesced to the end of the work item), so no
                // `.writable` is owed to the producer yet.
                #expect(writer.bufferedBytes >= options.lowWaterMark)
                #expect(writer.counters.sendsRefused >= 1)
                // Urgent messages are still queued beyond the mark.
                #expect(writer.send(.keepalive))
                return (events.writableCount, produced)
            }
            await settle(.milliseconds(300))
            #expect(queue.sync { events.writableCount } == stuckWritable)
            #expect(queue.sync { produced } == stuckProduced)

            // The peer reads: `.writable` fires again and more UPDATEs flow.
            let target = stuckProduced * update.count + 2 * options.highWaterMark
            let (bytes, _) = try peer.read(count: target, timeoutMs: 5000)
            #expect(bytes.count >= target)
            #expect(queue.sync { events.writableCount } > stuckWritable)
            #expect(queue.sync { produced } > stuckProduced)
            queue.sync {
                events.react = nil
                #expect(writer.bufferedBytes <= options.highWaterMark + 19)
                writer.close()
            }
            peerSocket.close()
            listening.close()
        }

        @Test func outgoingBufferDropsMessagesNotStarted() async throws {
            var buffer = OutgoingBuffer()
            buffer.append([1, 2, 3])
            buffer.append([4, 5])
            buffer.append([6])
            let partlyWritten = buffer.consume(1)      // first message partly written
            let dropped = buffer.dropUnstarted()       // the other two never started
            #expect(partlyWritten == 0 && dropped == 2)
            buffer.append([9])
            #expect(buffer.count == 3)
            let rest = buffer.withUnsentBytes { Array($0) }
            #expect(rest == [2, 3, 9])
            let completed = buffer.consume(3)
            #expect(completed == 2 && buffer.isEmpty)
            // At a boundary, everything queued is dropped.
            buffer.append([1]); buffer.append([2])
            let first = buffer.consume(1)
            let droppedAtBoundary = buffer.dropUnstarted()
            #expect(first == 1 && droppedAtBoundary == 1 && buffer.isEmpty)
        }

        @Test func outgoingBufferCompactsAndKeepsOrder() {
            var buffer = OutgoingBuffer()
            var expected: [UInt8] = []
            var got: [UInt8] = []
            for i in 0..<5000 {
                let m = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 1 + i % 100)
                buffer.append(m)
                expected += m
                let n = min(buffer.count, 37 + i % 50)
                got += buffer.withUnsentBytes { Array($0.prefix(n)) }
                _ = buffer.consume(n)
            }
            got += buffer.withUnsentBytes { Array($0) }
            _ = buffer.consume(buffer.count)
            #expect(got == expected)
            #expect(buffer.isEmpty)
        }
    }
}
