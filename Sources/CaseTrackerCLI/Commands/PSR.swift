import ArgumentParser

/// The root command: `psr NOUN VERB`.
public struct PSR: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "psr",
    abstract: "Producer support case tracker: regions, officers, producers, cases and reports.",
    discussion: """
      Global options (--db, --as, --today, --quiet) work before or after the subcommand.

      The database is --db PATH, else $PSR_DB, else $XDG_DATA_HOME/psr/psr.sqlite
      (~/.local/share/psr/psr.sqlite). Create it with 'psr init'.

      Today is the local date ($TZ) unless --today says otherwise; tables show times in local time with the offset, JSON and CSV in UTC. Tables fit the terminal, or $COLUMNS when it is set: free-text columns are cut with '…', codes and dates never.

      Exit codes:
        0   success
        64  usage error: a wrong flag, option or argument
        65  bad input: an invalid value, an unknown code, a rule broken, a bad file
        66  not found: no database, no such record, no such input file
        73  permission: a file psr needs is read-only or unreadable for you
        74  the disk is full, or reading or writing a file failed
        75  the database is busy: another psr kept it locked; try again
        69  the hub cannot be reached, or stayed busy; your changes stay queued
        77  the hub server refused the token: psr sync login again
        130 interrupted (Ctrl-C); it says whether anything had been saved
        1   anything else
      """,
    version: "0.1.0",
    subcommands: [
      Init.self, RegionCommand.self, CountryCommand.self, OfficerCommand.self, ProducerCommand.self, CaseCommand.self,
      VisitCommand.self, InsightCommand.self, Search.self, AuditCommand.self, NCCommand.self, ReadinessCommand.self,
      ReportCommand.self, Demo.self, Backup.self, Check.self, SyncCommand.self, HubCommand.self,
    ]
  )

  @OptionGroup public var global: GlobalOptions

  public init() {}
}
