import ArgumentParser
import CaseTracker

extension PSR.HubCommand {
  /// `psr hub token …`
  struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "token", abstract: "Officers' tokens for syncing with the hub over HTTPS.",
      discussion: """
        A token is printed once, when issued; the hub keeps only its SHA-256. A request with no token, a \
        revoked one, or one of an inactive officer is refused.
        """,
      subcommands: [Issue.self, List.self, Revoke.self], defaultSubcommand: List.self)
  }
}

extension PSR.HubCommand.Token {
  /// `psr hub token issue OFFICER`
  struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "issue", abstract: "Issue a token for an officer; prints it, this once.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The officer's handle.") var officer: String

    func run() throws {
      let (token, secret) = try global.openStore().sync.issueToken(for: officer)
      Output.data(secret + "\n")
      global.say(
        "issued token \(token.shortID) for \(token.officer); it is shown this once: give it to \(token.officer) by a safe way, for psr sync login"
      )
    }
  }

  /// `psr hub token list [--all]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "The tokens in use (never the tokens themselves).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Revoked ones too.") var all = false
    @OptionGroup var output: FormatOption

    func run() throws {
      let records = try global.openStore().sync.tokens(includeRevoked: all).map(\.record)
      Output.list(
        records, format: output.format, columns: HubToken.columns, fields: HubToken.fields, noun: "tokens",
        quiet: global.quiet)
    }
  }

  /// `psr hub token revoke ID`
  struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "revoke", abstract: "Revoke a token: requests with it are refused from now on.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The token's id: a prefix of at least 6 characters (psr hub token list).") var id: String

    func run() throws {
      let token = try global.openStore().sync.revokeToken(id)
      global.say("revoked token \(token.shortID) of \(token.officer)")
    }
  }
}
