import CaseTracker
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

/// `psr hub serve`: the unit's hub on HTTP(S), for officers' `psr sync --hub https://…` and coordinators'
/// browsers.
public struct HubServer: Sendable {
  public var databasePath: String
  public var host: String
  public var port: Int
  public var certificate: String?
  public var key: String?
  /// Today for the reports: the real date, or the one psr's `PSR_TODAY` gives.
  public var clock: Clock

  public init(
    databasePath: String, host: String, port: Int, certificate: String?, key: String?, clock: Clock = Clock()
  ) {
    self.clock = clock
    self.databasePath = databasePath
    self.host = host
    self.port = port
    self.certificate = certificate
    self.key = key
  }

  /// Serves until SIGTERM or SIGINT; says where it listens on stderr once it does.
  public func run() async throws {
    let database = try HubDatabase(path: databasePath, clock: clock)
    let router = Router(context: HubContext.self)
    router.add(middleware: RequestLog())
    SyncRoutes(database: database, tokens: TokenUse()).add(to: router)
    PageRoutes(database: database, sessions: Sessions(secure: certificate != nil)).add(to: router)
    var logger = Logger(label: "psr-hub", factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .warning
    let scheme = certificate == nil ? "http" : "https"
    let shownHost = host.contains(":") ? "[\(host)]" : host
    let served = databasePath
    let app = Application(
      router: router,
      server: try serverBuilder(),
      configuration: .init(address: .hostname(host, port: port), serverName: "psr-hub"),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        FileHandle.standardError.write(
          Data("psr hub: serving \(served) at \(scheme)://\(shownHost):\(port)\n".utf8))
      },
      logger: logger)
    try await app.runService()
  }

  private func serverBuilder() throws -> HTTPServerBuilder {
    guard let certificate, let key else { return .http1(configuration: .init(idleTimeout: .seconds(60))) }
    let chain: [NIOSSLCertificate]
    let privateKey: NIOSSLPrivateKey
    do {
      chain = try NIOSSLCertificate.fromPEMFile(certificate)
    } catch {
      throw DomainError.invalid(
        "cannot read the certificate \(certificate) as PEM (\(error)); give the server's certificate chain with --tls-cert"
      )
    }
    do {
      privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
    } catch {
      throw DomainError.invalid(
        "cannot read the private key \(key) as PEM (\(error)); give the certificate's key with --tls-key")
    }
    var tls = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    tls.minimumTLSVersion = .tlsv12
    return try .tls(.http1(configuration: .init(idleTimeout: .seconds(60))), tlsConfiguration: tls)
  }
}
