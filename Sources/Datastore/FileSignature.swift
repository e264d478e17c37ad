/// `FileSignature`: what `stat` says about a file — enough to tell that it changed without
/// reading it (device, inode, size, modification time).
import Glibc

struct FileSignature: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    init(_ s: stat) {
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
        size = Int64(s.st_size)
        modifiedSeconds = s.st_mtim.tv_sec
        modifiedNanoseconds = s.st_mtim.tv_nsec
    }
}
