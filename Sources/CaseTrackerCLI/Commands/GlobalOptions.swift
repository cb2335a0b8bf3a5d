import ArgumentParser
import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Options every command takes, before or after its name.
public struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "path"))
  var db: String?

  @Option(
    name: .customLong("as"),
    help: ArgumentHelp("The officer handle recorded as the actor (else $PSR_OFFICER).", valueName: "handle"))
  var actor: String?

  @Option(
    help: ArgumentHelp("The date taken as today (else $PSR_TODAY, else the local date).", valueName: "YYYY-MM-DD"))
  var today: String?

  @Flag(name: .shortAndLong, help: "Hide messages; data and errors still show.")
  var quiet = false

  public init() {}

  public func validate() throws {
    if let db, db.isEmpty { throw ValidationError("--db is empty; give the database file's path") }
  }

  private static func date(_ text: String, option: String) throws -> String {
    do {
      return try CalendarDate.parse(text)
    } catch let error as DomainError {
      throw DomainError.invalid("\(option): \(error.message)")
    }
  }

  /// The database path: --db, else $PSR_DB, else $XDG_DATA_HOME/psr/psr.sqlite, else
  /// ~/.local/share/psr/psr.sqlite.
  var databasePath: String {
    if let db, !db.isEmpty { return db }
    if let path = environmentValue("PSR_DB"), !path.isEmpty { return path }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if let data = environmentValue("XDG_DATA_HOME"), data.hasPrefix("/") {
      return data + "/psr/psr.sqlite"
    }
    let home = environmentValue("HOME").flatMap { $0.isEmpty ? nil : $0 } ?? homeFolder()
    return home + "/.local/share/psr/psr.sqlite"
  }

  /// The clock, with today from --today or $PSR_TODAY; a malformed date is bad input (exit 65).
  /// `$PSR_NOW` (tests only) sets the instant the command starts at.
  var clock: Clock {
    get throws {
      let now = try Self.startInstant()
      if let today { return Clock(today: try Self.date(today, option: "--today"), now: now) }
      if let text = environmentValue("PSR_TODAY"), !text.isEmpty {
        return Clock(today: try Self.date(text, option: "PSR_TODAY"), now: now)
      }
      return Clock(now: now)
    }
  }

  /// The real time, or, with `$PSR_NOW` set (a UTC instant such as `2026-11-26T18:15:00Z`), that instant
  /// at the start of the command and the real time elapsed since, so that the records one command makes
  /// keep their order. For tests of local dates and times, which need a fixed instant in a given `TZ`.
  private static func startInstant() throws -> @Sendable () -> Date {
    guard let text = environmentValue("PSR_NOW"), !text.isEmpty else { return { Date() } }
    guard let seconds = Timestamp.secondsSince1970(text) else {
      throw DomainError.invalid(
        "PSR_NOW: '\(Validate.printable(text))' is not a UTC instant; write it as 2026-11-26T18:15:00Z, or unset it")
    }
    let start = Date()
    return { Date(timeIntervalSince1970: Double(seconds)).addingTimeInterval(Date().timeIntervalSince(start)) }
  }

  /// Who is acting: --as, else $PSR_OFFICER, else the login name.
  var actorName: String {
    if let actor { return actor }
    if let officer = environmentValue("PSR_OFFICER"), !officer.isEmpty { return officer }
    return environmentValue("USER") ?? environmentValue("LOGNAME") ?? loginName()
  }

  /// Where the actor's name came from, when the user gave it.
  var actorSource: String? {
    if actor != nil { return "--as" }
    if let officer = environmentValue("PSR_OFFICER"), !officer.isEmpty { return "PSR_OFFICER" }
    return nil
  }

  /// Opens the existing database; a missing one is an error (exit 66) and no file is created.
  func openStore() throws -> Store {
    PSR.databasePathInUse = databasePath
    let store = try Store.open(at: databasePath, clock: try clock, actor: actorName, actorSource: actorSource)
    if environmentValue("PSR_PROFILE") == "1" { store.profileStatements() }
    return store
  }

  /// Writes a message to stderr unless --quiet.
  func say(_ text: String) { Output.message(text, quiet: quiet) }
}

/// The --format option of listings and shows.
struct FormatOption: ParsableArguments {
  @Option(name: .long, help: "Output format: table, json or csv.")
  var format: OutputFormat = .table
}
