import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Text held in an unnamed temporary file until it is known to be wanted, then copied to stdout: the
/// lines a dry run or `--verbose` import writes as rows are read, which an import refused later must not
/// have shown. Memory stays at one buffer whatever the length.
final class Spool {
  private let descriptor: Int32
  private var buffer = Data()

  init() throws {
    var template = Array((temporaryFolder() + "/psr-spool-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw DomainError.file(errno: errno, "cannot create a temporary file: \(String(cString: strerror(errno)))")
    }
    // Unlinked at once: nothing is left behind, whatever happens to the process.
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { try flush() }
  }

  private func flush() throws {
    try buffer.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        offset += written
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Copies everything written to stdout.
  func copyToStandardOutput() throws {
    try flush()
    guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      if count == 0 { break }
      chunk.withUnsafeBufferPointer {
        StandardStreams.put(UnsafeBufferPointer(rebasing: $0[..<count]), to: STDOUT_FILENO)
      }
    }
  }
}
