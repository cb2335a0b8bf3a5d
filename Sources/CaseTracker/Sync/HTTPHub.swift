import CHTTP

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

/// A hub server reached over HTTP(S) (docs/SYNC-PROTOCOL.md "Over HTTPS"), with the officer's token. TLS
/// is verified against the system's certificate authorities, or the certificates in `caFile`. A busy or
/// unreachable hub is asked again with backoff; a refusal (4xx) is not.
public final class HTTPHub: HubEndpoint {
  public let address: HubAddress
  let token: String
  let caFile: String?
  /// Seconds to wait before each retry; `Retry-After` from the hub replaces one when it says more.
  public static let backoff: [Double] = [0.25, 0.5, 1, 2, 4, 8]
  let backoff: [Double]

  public init(address: HubAddress, token: String, caFile: String? = nil, backoff: [Double] = HTTPHub.backoff) {
    self.address = address
    self.token = token
    self.caFile = caFile
    self.backoff = backoff
  }

  /// What the hub says of itself, and whose token this is.
  public func greeting() throws -> HubWire.Hello {
    try decode(HubWire.Hello.self, from: try send("GET", "/v1/hello", purpose: "greet").body)
  }

  public func hello() throws -> HubHello { try greeting().hello }

  public func log(after position: Int, limit: Int) throws -> [LogEntry] {
    let reply = try send("GET", "/v1/log?after=\(position)&limit=\(limit)", purpose: "read the log of")
    return try decode(HubWire.Log.self, from: reply.body).entries.map(\.entry)
  }

  public func push(_ changes: [PushedChange], base: Int, origin: String, officer: String) throws -> PushAnswer {
    let body = try JSONEncoder().encode(
      HubWire.Push(base: base, origin: origin, changes: changes.map(HubWire.Change.init)))
    guard body.count <= HubWire.maxPushBytes else {
      throw DomainError.invalid(
        "the \(changes.count) pending change(s) come to \(body.count >> 20) MiB, more than the \(HubWire.maxPushBytes >> 20) MiB the hub takes at once; carry them as a bundle instead (psr sync export FILE, then psr hub import FILE on the hub)"
      )
    }
    let reply = try send("POST", "/v1/push", body: body, accepting: [200, 409], purpose: "push to")
    return try decode(HubWire.PushAnswer.self, from: reply.body).answer
  }

  /// Streams the hub's snapshot into `file`.
  func downloadSnapshot(into file: PartialFile) throws {
    _ = try send("GET", "/v1/snapshot", into: file, purpose: "download the snapshot of")
  }

  // MARK: - Requests

  struct Reply {
    var status: Int
    var body: Data
  }

  /// One request, retried while the hub is busy or cannot be reached; a status outside `accepting` is
  /// thrown as the hub's own sentence.
  private func send(
    _ method: String, _ path: String, body: Data? = nil, into file: PartialFile? = nil,
    accepting: Set<Int> = [200], purpose: String
  ) throws -> Reply {
    var attempt = 0
    while true {
      let outcome = Result { try perform(method, path, body: body, into: file) }
      let wait: Double?
      switch outcome {
      case .success(let exchange) where [502, 503, 504].contains(exchange.status):
        wait =
          attempt < backoff.count ? max(backoff[attempt], min(exchange.retryAfter ?? 0, 30)) : nil
      case .success(let exchange):
        guard accepting.contains(exchange.status) else { throw refusal(exchange, purpose: purpose) }
        return Reply(status: exchange.status, body: exchange.body)
      case .failure(let error as TransportError) where file == nil:
        wait = error.isTransient && attempt < backoff.count ? backoff[attempt] : nil
        if wait == nil {
          throw DomainError(
            .unavailable,
            "cannot reach the hub \(address): \(error.message); check the connection and sync again later (your changes stay queued here)"
          )
        }
      case .failure(let error as TransportError):
        throw DomainError(
          .unavailable, "the snapshot from the hub \(address) did not arrive whole: \(error.message); clone again")
      case .failure(let error):
        throw error
      }
      guard let wait else {
        throw DomainError(
          .unavailable,
          "the hub \(address) stayed busy through \(attempt + 1) tries; sync again in a minute (your changes stay queued here)"
        )
      }
      attempt += 1
      usleep(useconds_t(wait * Double.random(in: 0.75...1.25) * 1_000_000))
    }
  }

  private func refusal(_ exchange: Exchange, purpose: String) -> DomainError {
    let said =
      (try? JSONDecoder().decode(HubWire.Failure.self, from: exchange.body).error)
      ?? "HTTP \(exchange.status)"
    switch exchange.status {
    case 401:
      return DomainError(
        .denied,
        "the hub \(address) refused this token (\(said)); sign in again with psr sync login --hub \(address), with a token the coordinator issues (psr hub token issue OFFICER)"
      )
    case 404 where exchange.body.isEmpty || said.hasPrefix("HTTP"):
      return DomainError.notFound(
        "\(address) answered 404: it is not a psr hub server, or not at this path; check the address")
    default:
      return DomainError.invalid("the hub \(address) refused to \(purpose) it: \(said)")
    }
  }

  struct TransportError: Error {
    var message: String
    /// libcurl's error code.
    var code: Int32

    /// A refused or dropped connection, a timeout: the hub may be restarting, so ask again. Not a name
    /// that does not resolve (offline), nor a certificate that fails.
    var isTransient: Bool {
      // CURLE_COULDNT_CONNECT, OPERATION_TIMEDOUT, GOT_NOTHING, SEND_ERROR, RECV_ERROR
      [7, 28, 52, 55, 56].contains(code)
    }
  }

  /// One HTTP exchange's outcome, filled by libcurl's callbacks.
  final class Exchange {
    var status = 0
    var body = Data()
    var retryAfter: Double?
    var file: PartialFile?
    var writeError: Error?
  }

  private func perform(_ method: String, _ path: String, body: Data?, into file: PartialFile?) throws -> Exchange {
    let exchange = Exchange()
    exchange.file = file
    let headers = [
      "Authorization: Bearer \(token)", "Accept: application/json", "Expect:",
      body == nil ? nil : "Content-Type: \(HubWire.jsonType)",
    ].compactMap { $0 }
    var status = 0
    var code: Int32 = 0
    var error = [CChar](repeating: 0, count: 512)
    let context = Unmanaged.passUnretained(exchange).toOpaque()
    let result = (address.base + path).withCString { url in
      method.withCString { method in
        withCStrings(headers) { headerPointers in
          (caFile ?? "").withCString { ca in
            (body ?? Data()).withUnsafeBytes { bytes in
              var request = psr_http_request(
                method: method, url: url, headers: headerPointers, header_count: Int32(headers.count),
                body: bytes.baseAddress, body_length: bytes.count, ca_file: caFile == nil ? nil : ca,
                connect_timeout: 10, low_speed_time: 300, on_body: onBody, on_header: onHeader, context: context)
              return psr_http_perform(&request, &status, &code, &error, error.count)
            }
          }
        }
      }
    }
    if let writeError = exchange.writeError { throw writeError }
    guard result == 0 else {
      let message = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if code == 0 { throw DomainError(.unavailable, message) }
      throw TransportError(message: message, code: code)
    }
    exchange.status = status
    return exchange
  }

  private func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch {
      throw DomainError.invalid(
        "the hub \(address) answered with something that is not a psr hub's reply; check the address and that the hub runs the same psr version"
      )
    }
  }
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
  let copies = strings.map { strdup($0) }
  defer {
    for copy in copies { free(copy) }
  }
  let pointers = copies.map { UnsafePointer<CChar>($0) }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private let onBody: psr_http_sink = { data, length, context in
  let exchange = Unmanaged<HTTPHub.Exchange>.fromOpaque(context!).takeUnretainedValue()
  guard let data, length > 0 else { return length }
  let bytes = Data(bytes: data, count: length)
  if let file = exchange.file, exchange.status == 200 {
    do {
      try file.write(bytes)
    } catch {
      exchange.writeError = DomainError(
        .io,
        "cannot write the snapshot to \(file.target): \(describeSystemError(error)); free some space and clone again")
      return 0
    }
  } else {
    guard exchange.body.count + length <= HubWire.maxPushBytes * 2 else { return 0 }
    exchange.body.append(bytes)
  }
  return length
}

private let onHeader: psr_http_sink = { data, length, context in
  let exchange = Unmanaged<HTTPHub.Exchange>.fromOpaque(context!).takeUnretainedValue()
  guard let data else { return length }
  let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    .trimmingScalars(\.properties.isWhitespace)
  if line.hasPrefix("HTTP/") {
    // A new response (after a 100 Continue, say): its status decides where the body goes.
    let parts = line.split(separator: " ")
    exchange.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    exchange.retryAfter = nil
  } else if let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "retry-after" {
    exchange.retryAfter = Double(line[line.index(after: colon)...].trimmingScalars(isSpace))
  }
  return length
}
