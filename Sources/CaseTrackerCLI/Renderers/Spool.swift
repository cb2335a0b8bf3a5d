import CaseTracker
import Foundation

/// Text held in an unnamed temporary file until it is known to be wanted, then copied to stdout: the
/// lines a dry run or `--verbose` import writes as rows are read, which an import refused later must not
/// have shown. Memory stays at one buffer whatever the length.
final class Spool {
  private let handle: FileHandle
  private var buffer = Data()

  init() throws {
    var template = Array((NSTemporaryDirectory() + "/psr-spool-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw DomainError.file(errno: errno, "cannot create a temporary file: \(String(cString: strerror(errno)))")
    }
    // Unlinked at once: nothing is left behind, whatever happens to the process.
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
  }

  func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { try flush() }
  }

  private func flush() throws {
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Copies everything written to stdout.
  func copyToStandardOutput() throws {
    try flush()
    try handle.seek(toOffset: 0)
    while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
      FileHandle.standardOutput.write(chunk)
    }
  }
}
