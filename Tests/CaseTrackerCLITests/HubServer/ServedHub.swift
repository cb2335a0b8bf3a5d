import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real `psr hub serve` on 127.0.0.1, on a port the system picks, for one test. It stops when this is
/// released, and by itself if the test process dies (it holds the server's stdin: --stop-with-stdin).
final class ServedHub {
  let process = Process()
  let address: String
  let port: Int
  private let input = Pipe()
  private let errors = Pipe()
  private let log = Log()

  final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ more: String) { lock.withLock { text += more } }
    var value: String { lock.withLock { text } }
  }

  init(database: String, folder: URL, tls: (cert: String, key: String)? = nil) throws {
    process.executableURL = Sandbox.executable
    var arguments = ["--db", database, "hub", "serve", "--listen", "127.0.0.1:0", "--stop-with-stdin"]
    if let tls { arguments += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
    process.arguments = arguments
    // The day the tests' records are made on: the report pages count to it.
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "PSR_TODAY": "2026-11-26"]
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    let log = self.log
    errors.fileHandleForReading.readabilityHandler = { handle in
      log.append(String(decoding: handle.availableData, as: UTF8.self))
    }
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    var found: String?
    while Date() < deadline, found == nil, process.isRunning {
      if let line = log.value.split(separator: "\n").first(where: { $0.contains(" at http") }) {
        found = line.components(separatedBy: " at ").last
      }
      usleep(20_000)
    }
    guard let found else {
      throw ServerFailed(log: log.value)
    }
    address = found
    port = Int(found.split(separator: ":").last ?? "") ?? 0
  }

  struct ServerFailed: Error, CustomStringConvertible {
    var log: String
    var description: String { "the hub server did not start: \(log)" }
  }

  /// What the server wrote to stderr so far: its request log.
  var output: String { log.value }

  /// Stops the server as SIGTERM does, and waits for it.
  func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  /// Kills the server with SIGKILL, as a crash or power loss would.
  func crash() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  deinit {
    stop()
    errors.fileHandleForReading.readabilityHandler = nil
  }
}

/// A self-signed certificate for 127.0.0.1 and its key, made with openssl in `folder`.
func makeCertificate(in folder: URL) throws -> (cert: String, key: String) {
  let cert = folder.appendingPathComponent("hub.crt").path
  let key = folder.appendingPathComponent("hub.key").path
  let openssl = Process()
  openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
  openssl.arguments = [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj",
    "/CN=psr test hub", "-addext", "subjectAltName=IP:127.0.0.1",
  ]
  openssl.standardError = FileHandle.nullDevice
  try openssl.run()
  openssl.waitUntilExit()
  guard openssl.terminationStatus == 0 else { throw POSIXError(.EIO) }
  return (cert, key)
}

/// Sends `request` as it is to 127.0.0.1:`port` and returns the response's status and body (the connection
/// is read until the server closes it, or 10 s).
func rawHTTP(port: Int, _ request: [UInt8]) throws -> (status: Int, text: String) {
  #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
  #endif
  guard fd >= 0 else { throw POSIXError(.EIO) }
  defer { close(fd) }
  var timeout = timeval(tv_sec: 10, tv_usec: 0)
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  // A server that answers before reading the whole body (413) may stop reading: do not block on it.
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = in_port_t(UInt16(port).bigEndian)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  let connected = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
  }
  guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
  #if canImport(Glibc)
    let flags = Int32(MSG_NOSIGNAL)
  #else
    let flags: Int32 = 0
  #endif
  var offset = 0
  while offset < request.count {
    let sent = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
    if sent <= 0 { break }  // the server may close early on a refused request
    offset += sent
  }
  shutdown(fd, Int32(SHUT_WR))
  var response = [UInt8]()
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = recv(fd, &buffer, buffer.count, 0)
    if count <= 0 { break }
    response += buffer[..<count]
  }
  let text = String(decoding: response, as: UTF8.self)
  let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
  return (status, text)
}

/// An HTTP/1.1 request's bytes.
func httpRequest(
  _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []
) -> [UInt8] {
  var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
  for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
  if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
  return Array((head + "\r\n").utf8) + body
}
