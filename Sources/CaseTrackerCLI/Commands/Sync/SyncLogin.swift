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

extension PSR.SyncCommand {
  /// `psr sync login --hub https://…`
  struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "login", abstract: "Store your token for a hub server, checked with the hub first.",
      discussion: """
        Reads the token the coordinator gave you (psr hub token issue) from the terminal without showing it, \
        or from standard input, asks the hub whose it is, and keeps it in a file only you may read \
        ($PSR_CREDENTIALS, else $XDG_CONFIG_HOME/psr/credentials, else ~/.config/psr/credentials). \
        PSR_HUB_TOKEN, when set, is used instead of the file. Example: psr sync login --hub https://hub.example.org
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The hub server's address, https://HOST[:PORT].") var hub: String
    @Option(name: .customLong("hub-ca"), help: "The hub's own certificate (PEM), when the system does not trust it.")
    var hubCA: String?

    func run() throws {
      let address = try HubAddress(hub)
      let token = try Self.readToken()
      let greeting = try HTTPHub(address: address, token: token, caFile: hubCA).greeting()
      let path = try HubCredentials.save(token, for: address)
      global.say(
        "signed in to \(address) as \(greeting.officer) (unit \(greeting.unitID.prefix(8))); the token is kept in \(path)"
      )
    }

    static func readToken() throws -> String {
      let terminal = isatty(STDIN_FILENO) == 1
      if terminal { StandardStreams.put("Token: ", to: STDERR_FILENO) }
      var saved = termios()
      if terminal {
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
      }
      let line = readLine(strippingNewline: true)
      if terminal {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        StandardStreams.put("\n", to: STDERR_FILENO)
      }
      let token = (line ?? "").trimmingScalars(isSpace)
      guard token.hasPrefix("psr_"), token.count == 68,
        token.dropFirst(4).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
      else {
        throw DomainError.invalid(
          "that is not a hub token (psr_ and 64 hex digits, as psr hub token issue prints it); paste it whole")
      }
      return token
    }
  }
}
