import ArgumentParser
import Testing

@testable import CaseTrackerCLI

/// The one-record reads, `region list` and `case open` that psr builds without argument-parser's parse: each command line
/// it takes gives the command argument-parser gives, and every other one is left to argument-parser.
@Suite struct QuickCommandTests {
  /// The parsed values that decide what a show command or region list does.
  struct Values: Equatable {
    var type: String
    var db, actor, today: String?
    var quiet: Bool
    var reference: String?
    var format: OutputFormat

    init(_ command: ParsableCommand) {
      type = String(describing: Swift.type(of: command))
      if let show = command as? any RecordShowCommand {
        (db, actor, today, quiet) = (show.global.db, show.global.actor, show.global.today, show.global.quiet)
        reference = show.reference
        format = show.output.format
      } else if let list = command as? PSR.RegionCommand.List {
        (db, actor, today, quiet) = (list.global.db, list.global.actor, list.global.today, list.global.quiet)
        format = list.output.format
      } else {
        quiet = false
        format = .table
      }
    }
  }

  @Test(arguments: [
    ["case", "show", "3f9c2a1b"],
    ["case", "show", "3f9c2a1b", "--db", "x.sqlite", "--today", "2026-11-26"],
    ["--db", "x.sqlite", "case", "show", "3f9c2a1b", "--format", "JSON"],
    ["case", "--db=x.sqlite", "show", "3f9c2a1b", "-q", "--as", "akinyi"],
    ["producer", "show", "2311", "--format=csv", "--quiet"],
    ["readiness", "show", "2311", "--today", "2026-01-31"],
    ["officer", "show", "akinyi", "--format", "table"],
    ["visit", "show", "8eb7ae8f"], ["insight", "show", "8eb7ae8f"], ["audit", "show", "8eb7ae8f"],
    ["nc", "show", "8eb7ae8f", "--db", "hub.sqlite"],
    ["region", "list"], ["region", "list", "--format", "json", "--db", "x.sqlite"], ["-q", "region", "list"],
  ])
  func aPlainCommandLineGivesWhatArgumentParserGives(_ arguments: [String]) throws {
    let quick = try #require(PSR.quickCommand(arguments))
    #expect(Values(quick) == Values(try PSR.parseAsRoot(arguments)))
  }

  /// What decides what `case open` does.
  struct OpenValues: Equatable {
    var db, actor, today: String?
    var quiet: Bool
    var type: String, title: String
    var producer, country, officer, due: String?
    var priority: String
    var tags: [String], ncs: [String]

    init(_ command: ParsableCommand) throws {
      let open = try #require(command as? PSR.CaseCommand.Open)
      (db, actor, today, quiet) = (open.global.db, open.global.actor, open.global.today, open.global.quiet)
      (type, title, priority) = (open.type.rawValue, open.title, open.priority.rawValue)
      (producer, country, officer, due) = (open.producer, open.country, open.officer, open.due)
      (tags, ncs) = (open.tag, open.nc)
    }
  }

  @Test(arguments: [
    ["case", "open", "--type", "trade", "--title", "Buyer visit", "--producer", "27651"],
    ["--db", "x.sqlite", "case", "open", "--type=Certification", "--title=Prepare", "--producer", "27651", "-q"],
    ["case", "open", "--type", "liaison", "--title", "Ministry", "--country", "KE", "--priority", "HIGH"],
    [
      "case", "open", "--type", "trade", "--title", "t", "--producer", "1", "--tag", "b", "--tag", "a", "--nc",
      "3f9c2a1b", "--due", "2027-01-31", "--officer", "mateo", "--as", "akinyi", "--today", "2026-11-26",
    ],
  ])
  func aPlainCaseOpenGivesWhatArgumentParserGives(_ arguments: [String]) throws {
    let quick = try #require(PSR.quickCommand(arguments))
    #expect(try OpenValues(quick) == OpenValues(try PSR.parseAsRoot(arguments)))
  }

  @Test(arguments: [
    ["case", "open", "--title", "no type"], ["case", "open", "--type", "trade"],
    ["case", "open", "--type", "bogus", "--title", "x"], ["case", "open", "--type", "trade", "--title", "-dash"],
    ["case", "open", "--type", "trade", "--title=-dash"], ["case", "open", "--type", "trade", "--title", ""],
    ["case", "open", "--type", "trade", "--type", "trade", "--title", "x"],
    ["case", "open", "--type", "trade", "--title", "x", "--priority", "bogus"],
    ["case", "open", "--type", "trade", "--title", "x", "--format", "json"],
    ["case", "open", "--type", "trade", "--title", "x", "extra"],
  ])
  func aCaseOpenWithAMistakeIsArgumentParsers(_ arguments: [String]) {
    #expect(PSR.quickCommand(arguments) == nil)
  }

  @Test(arguments: [
    ["case", "show"], ["case", "show", "a", "b"], ["case", "show", "-abc"], ["case", "show", "help"],
    ["case", "show", "3f9c2a1b", "--help"], ["case", "show", "3f9c2a1b", "-h"], ["--version"],
    ["case", "show", "3f9c2a1b", "--db"], ["case", "show", "3f9c2a1b", "--db", ""],
    ["case", "show", "3f9c2a1b", "--db="],
    ["case", "show", "3f9c2a1b", "--db", "a", "--db", "b"], ["case", "show", "3f9c2a1b", "-q", "-q"],
    ["case", "show", "3f9c2a1b", "--today", "-1"], ["case", "show", "3f9c2a1b", "--format", "xml"],
    ["case", "show", "--", "3f9c2a1b"], ["case", "show", "3f9c2a1b", "--limit", "3"],
    ["case", "list"], ["case", "open", "--title", "x"], ["case", "show", "3f9c2a1b", "--tag", "x"],
    ["producer", "list"], ["region", "list", "AME"],
    ["region", "show", "AME"], ["report", "region", "AME"], ["--generate-completion-script", "bash"],
    ["help", "case", "show"], [],
  ])
  func anyOtherCommandLineIsArgumentParsers(_ arguments: [String]) {
    #expect(PSR.quickCommand(arguments) == nil)
  }
}
