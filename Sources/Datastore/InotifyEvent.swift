/// `InotifyEvent`: one decoded `struct inotify_event` (16-byte header, then `len` bytes of
/// NUL-padded name — Glibc does not import the flexible `name` member, so it is read by hand).
import Glibc

struct InotifyEvent: Hashable, Sendable {
    var watch: Int32
    var mask: UInt32
    var name: String

    static let headerSize = 16

    var isDirectory: Bool { mask & UInt32(IN_ISDIR) != 0 }
    var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
    /// The watched directory itself went away (deleted, or its watch removed by the kernel).
    var watchGone: Bool { mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_IGNORED) | UInt32(IN_MOVE_SELF)) != 0 }

    /// Every complete event in `bytes` (a `read` of the inotify fd never splits an event).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var out: [InotifyEvent] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            let wd = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let start = offset + headerSize
            guard start + length <= bytes.count else { break }
            let nameBytes = bytes[start..<(start + length)].prefix { $0 != 0 }
            out.append(InotifyEvent(watch: wd, mask: mask, name: String(decoding: nameBytes, as: UTF8.self)))
            offset = start + length
        }
        return out
    }
}
