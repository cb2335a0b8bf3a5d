import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr audit …`
  struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "audit",
      abstract: "Record, list and correct certification audits.",
      subcommands: [Record.self, List.self, Show.self, Update.self, Export.self])
  }
}

extension PSR.AuditCommand {
  /// `psr audit record --producer REF --kind K [--date DATE] [--result TEXT] [--note TEXT]`
  struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "record", abstract: "Record an audit; prints its short id.",
      discussion:
        "Example: psr audit record --producer 27651 --kind initial --date 2026-10-14 --result 'Two NCs, none major'")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The producer: FLO ID or id prefix.") var producer: String
    @Option(help: "initial, renewal, confirmation, unannounced, follow-up or desk.") var kind: AuditKind
    @Option(help: "When it took place, YYYY-MM-DD (default: today).") var date: String?
    @Option(help: "The outcome.") var result: String?
    @Option(help: "A note.") var note: String?

    func run() throws {
      let store = try global.openStore()
      let audit = try store.audits.record(
        producer: producer, kind: kind, date: date ?? store.clock.today, result: result, note: note)
      Output.data(audit.shortID + "\n")
      global.say("recorded \(audit.kind.rawValue) audit of \(audit.producerName) on \(audit.date)")
    }
  }

  /// `psr audit list [--producer] [--region] [--from] [--to]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audits, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Audits of this producer.") var producer: String?
    @Option(help: "Audits of producers in this region.") var region: String?
    @OptionGroup var dates: DateRangeOptions
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = AuditFilter()
      filter.producer = producer
      filter.region = region
      filter.from = dates.from
      filter.to = dates.to
      let audits = try global.openStore().audits.audits(filter)
      Output.list(
        audits.map(\.record), format: output.format, columns: Audit.columns, fields: Audit.fields, noun: "audits",
        quiet: global.quiet)
    }
  }
}
