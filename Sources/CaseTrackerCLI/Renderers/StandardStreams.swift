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

/// Standard output and standard error, written with write(2): what `FileHandle.standardOutput.write(_:)` did
/// before psr's library used FoundationEssentials, which has no FileHandle. As FileHandle's `write(_:)`, a
/// failed write stops the process.
enum StandardStreams {
  static func put(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { put($0, to: descriptor) }
  }

  static func put(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { fatalError("Write failure: \(String(cString: strerror(errno)))") }
      offset += written
    }
  }
}

/// Ends the process with `status` (exit(3)), for code inside a type with an `exit` of its own.
func terminate(_ status: Int32) -> Never {
  exit(status)
}

/// `value` with `decimals` digits after the point, as printf's `%.Nf` (and Foundation's `String(format:)`)
/// writes it: rounded to the nearest, the C locale's point.
func fixed(_ value: Double, decimals: Int) -> String {
  var buffer = [CChar](repeating: 0, count: 350)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(decimals)f", $0) }
  return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// The environment variable `name` as getenv(3) reads it: one look-up, where
/// `ProcessInfo.processInfo.environment` builds a dictionary of the whole environment on every call.
func environmentValue(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}

/// The temporary folder, with a "/" at its end: `$TMPDIR`, else /tmp/ (Foundation's `NSTemporaryDirectory()`).
func temporaryFolder() -> String {
  guard let folder = environmentValue("TMPDIR") else { return "/tmp/" }
  return folder.hasSuffix("/") ? folder : folder + "/"
}
