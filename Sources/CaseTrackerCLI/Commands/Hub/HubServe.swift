import ArgumentParser
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

extension PSR.HubCommand {
  /// `psr hub serve`: starts `psr-hub`, the hub server, which is a program of its own so that the officer's
  /// psr stays small and starts fast.
  struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "serve",
      abstract: "Serve the hub (--db) over HTTPS to officers' psr sync and coordinators' browsers.",
      discussion: """
        Runs psr-hub, installed beside psr. Officers sync with psr sync --hub https://HOST:PORT and a token \
        from psr hub token issue. Plain HTTP is served on 127.0.0.1 or ::1 only (for a reverse proxy on \
        this machine, or tests). Stop it with SIGTERM or Ctrl-C. See the README, "The hub as a server".
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The address and port to listen on, HOST:PORT (port 0 picks a free one).") var listen =
      "127.0.0.1:8443"
    @Option(name: .customLong("tls-cert"), help: "The server's certificate chain, PEM.") var certificate: String?
    @Option(name: .customLong("tls-key"), help: "The certificate's private key, PEM.") var key: String?
    @Flag(
      name: .customLong("stop-with-stdin"),
      help: "Stop when standard input closes (for tests and supervisors that hold a pipe to it).")
    var stopWithStdin = false

    func run() throws {
      let server = try Self.serverPath()
      var arguments = ["psr-hub", "--db", global.databasePath, "--listen", listen]
      if let certificate { arguments += ["--tls-cert", certificate] }
      if let key { arguments += ["--tls-key", key] }
      if stopWithStdin { arguments.append("--stop-with-stdin") }
      let pointers = arguments.map { strdup($0) } + [nil]
      execv(server, pointers)
      throw DomainError.file(errno: errno, "cannot start the hub server \(server): \(String(cString: strerror(errno)))")
    }

    /// This program's own file, its links resolved: what `Bundle.main.executableURL?.resolvingSymlinksInPath()`
    /// gives, read from /proc/self/exe where Foundation has no Bundle.
    static func executableURL() -> URL? {
      #if canImport(FoundationEssentials)
        guard let path = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(path) }
        return URL(fileURLWithPath: String(cString: path))
      #else
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
      #endif
    }

    /// `psr-hub` beside this psr, else on the PATH.
    static func serverPath() throws -> String {
      let me = executableURL()
      var candidates = me.map { [$0.deletingLastPathComponent().appendingPathComponent("psr-hub").path] } ?? []
      let path = environmentValue("PATH") ?? ""
      candidates += path.split(separator: ":").map { "\($0)/psr-hub" }
      guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw DomainError.notFound(
          "the hub server psr-hub is not beside this psr (\(me?.deletingLastPathComponent().path ?? "?")) nor on the PATH; install it beside psr (swift build -c release --product psr-hub builds it)"
        )
      }
      return found
    }
  }
}
