import ArgumentParser
import CaseTracker
import CaseTrackerCLI
import Foundation
import HubServer

/// `psr-hub`: the unit's hub server, run as `psr hub serve` (which starts this program) or on its own.
@main
struct PSRHub: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "psr hub serve",
    abstract: "Serve the unit's hub over HTTPS: officers sync with it, coordinators read its reports.",
    discussion: """
      Officers sync with psr sync --hub https://HOST:PORT, with a token from psr hub token issue. Plain HTTP \
      is served on this machine's own addresses only (127.0.0.1, ::1), for a reverse proxy in front of it or \
      for tests. One line per request goes to stderr: time, officer, method and path, status, duration.
      """)

  @Option(name: .customLong("db"), help: "The hub's database file.") var database: String
  @Option(help: "The address and port to listen on, HOST:PORT (port 0 picks a free one).") var listen: String =
    "127.0.0.1:8443"
  @Option(name: .customLong("tls-cert"), help: "The server's certificate chain, PEM.") var certificate: String?
  @Option(name: .customLong("tls-key"), help: "The certificate's private key, PEM.") var key: String?
  @Flag(
    name: .customLong("stop-with-stdin"),
    help: "Stop when standard input closes (for tests and supervisors that hold a pipe to it).")
  var stopWithStdin = false

  func run() async throws {
    do {
      let (host, port) = try Self.split(listen)
      if (certificate == nil) != (key == nil) {
        throw DomainError.usage("give both --tls-cert and --tls-key, or neither")
      }
      if certificate == nil, !HubAddress.isLoopback(host) {
        throw DomainError.usage(
          "plain HTTP is served on this machine's own addresses only (127.0.0.1, ::1), not \(host): give --tls-cert and --tls-key, or listen on 127.0.0.1 behind a reverse proxy that speaks TLS"
        )
      }
      if stopWithStdin { Self.stopWhenStdinCloses() }
      var clock = Clock()
      if let today = ProcessInfo.processInfo.environment["PSR_TODAY"], !today.isEmpty {
        clock = Clock(today: try CalendarDate.parse(today, field: "PSR_TODAY"))
      }
      try await HubServer(
        databasePath: database, host: host, port: port, certificate: certificate, key: key, clock: clock
      ).run()
    } catch {
      // psr's own errors as psr says them; anything else is the network's (the address is in use, or not
      // this machine's): the server cannot run.
      let (message, code) =
        PSR.failure(error)
        ?? ("cannot serve on \(listen): \(error); free the port or choose another --listen address", 69)
      FileHandle.standardError.write(Data("psr: \(TerminalText.escaped(message))\n".utf8))
      Foundation.exit(code)
    }
  }

  /// Reads standard input to its end on a thread of its own, then asks this process to stop as SIGTERM does.
  static func stopWhenStdinCloses() {
    Thread.detachNewThread {
      var byte = UInt8(0)
      while read(STDIN_FILENO, &byte, 1) > 0 {}
      kill(getpid(), SIGTERM)
    }
  }

  static func split(_ listen: String) throws -> (String, Int) {
    guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
      (0...65535).contains(port)
    else {
      throw DomainError.usage("--listen takes HOST:PORT, such as 127.0.0.1:8443 or 0.0.0.0:443, not '\(listen)'")
    }
    let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    return (host.isEmpty ? "0.0.0.0" : host, port)
  }
}
