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

/// A hub server's address, `https://host[:port][/prefix]`. Plain `http://` is taken for loopback addresses
/// only: a token sent in the clear over a network is a token given away.
public struct HubAddress: Equatable, Sendable, CustomStringConvertible {
  /// The address without a trailing slash; request paths (`/v1/…`) are appended to it.
  public let base: String
  public let isTLS: Bool

  /// True for text that names a hub server rather than a hub file.
  public static func isServer(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.hasPrefix("https://") || lower.hasPrefix("http://")
  }

  public init(_ text: String) throws {
    let shown = Validate.printable(text)
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
      scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
    else {
      throw DomainError.invalid(
        "'\(shown)' is not a hub address; give it as https://HOST[:PORT], such as https://hub.example.org")
    }
    guard components.user == nil, components.password == nil else {
      throw DomainError.invalid(
        "the hub address '\(shown)' holds a user name or password; give the address alone and sign in with psr sync login"
      )
    }
    guard components.query == nil, components.fragment == nil else {
      throw DomainError.invalid(
        "the hub address '\(shown)' has a query or fragment; give it as https://HOST[:PORT][/PATH]")
    }
    if scheme == "http", !Self.isLoopback(host) {
      throw DomainError.invalid(
        "plain http:// is accepted for this machine's own addresses only (127.0.0.1, ::1, localhost), not \(host): use https://\(host)… so that tokens and records are not sent in the clear"
      )
    }
    var path = components.percentEncodedPath
    while path.hasSuffix("/") { path.removeLast() }
    let port = components.port.map { ":\($0)" } ?? ""
    let shownHost = host.contains(":") ? "[\(host)]" : host
    base = "\(scheme)://\(shownHost.lowercased())\(port)\(path)"
    isTLS = scheme == "https"
  }

  public var description: String { base }

  /// True for this machine's own addresses: localhost, ::1, 127.0.0.0/8.
  public static func isLoopback(_ host: String) -> Bool {
    let host = host.lowercased().trimmingScalars { $0 == "[" || $0 == "]" }
    if host == "localhost" || host == "::1" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }
}

/// Officers' tokens for hub servers, in a file only they may read: `$PSR_CREDENTIALS`, or
/// `$XDG_CONFIG_HOME/psr/credentials`, or `~/.config/psr/credentials`; one `ADDRESS TOKEN` line per hub.
/// `PSR_HUB_TOKEN`, when set, is used instead.
public enum HubCredentials {
  public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let path = environment["PSR_CREDENTIALS"], !path.isEmpty { return path }
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/psr/credentials" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeFolder()
    return home + "/.config/psr/credentials"
  }

  /// The token to present to `hub`.
  public static func token(
    for hub: HubAddress, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> String {
    if let token = environment["PSR_HUB_TOKEN"]?.trimmingScalars(\.properties.isWhitespace), !token.isEmpty {
      return token
    }
    let path = path(environment: environment)
    guard let token = try entries(at: path)[hub.base] else {
      throw DomainError(
        .denied,
        "no token for the hub \(hub) on this machine; sign in with psr sync login --hub \(hub) (the coordinator issues tokens with psr hub token issue), or set PSR_HUB_TOKEN"
      )
    }
    return token
  }

  /// Stores `token` for `hub`, replacing any earlier one, in a file of mode 0600.
  public static func save(
    _ token: String, for hub: HubAddress, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> String {
    let path = path(environment: environment)
    var entries = try entries(at: path)
    entries[hub.base] = token
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw DomainError(
        .permission, "cannot create the folder \(folder) for the credentials file; check its permissions")
    }
    let partial = try PartialFile(for: path) { "cannot write the credentials file \(path): \($0)" }
    do {
      let text = entries.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined()
      try partial.write(Data(text.utf8))
      try partial.commit()
    } catch {
      partial.discard()
      throw DomainError(.io, "cannot write the credentials file \(path): \(describeSystemError(error))")
    }
    return path
  }

  /// The file's entries; none when it does not exist. A file others may read is refused, as ssh does.
  static func entries(at path: String) throws -> [String: String] {
    var info = stat()
    guard stat(path, &info) == 0 else { return [:] }
    guard info.st_mode & 0o077 == 0 else {
      throw DomainError(
        .permission,
        "the credentials file \(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); make it private with chmod 600 \(path), and ask for a new token if others may have read it"
      )
    }
    guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
      throw DomainError(.permission, "cannot read the credentials file \(path); check its permissions")
    }
    var entries: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      if parts.count == 2 { entries[String(parts[0])] = String(parts[1]) }
    }
    return entries
  }
}
