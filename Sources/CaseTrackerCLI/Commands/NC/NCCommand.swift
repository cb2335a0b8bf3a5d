import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr nc …`
  struct NCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "nc",
      abstract: "Record, correct and list non-conformities (NCs) with certification criteria.",
      discussion: "ID is a unique prefix of the NC's id (at least 6 characters).",
      subcommands: [Add.self, Correct.self, List.self, Show.self, Update.self, Export.self])
  }
}

extension PSR.NCCommand {
  /// `psr nc add …`
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Record a non-conformity; prints its short id.",
      discussion:
        "Example: psr nc add --producer 27651 --criterion 'SPO 4.1.2' --type major --deadline 2027-01-15 --description 'No written pesticide list'"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The producer: FLO ID or id prefix.") var producer: String
    @Option(help: "The audit that found it.") var audit: String?
    @Option(help: "The criterion, such as 'SPO 4.1.2'.") var criterion: String
    @Option(help: "core, major, development or voluntary.") var type: CriterionType
    @Option(help: "When it must be corrected, YYYY-MM-DD.") var deadline: String
    @Option(help: "What is wrong.") var description: String
    @Option(help: "The corrective measure.") var measure: String?

    func run() throws {
      let nc = try global.openStore().audits.addNC(
        NCDraft(
          producer: producer, audit: audit, criterion: criterion, type: type, deadline: deadline,
          description: description, measure: measure))
      Output.data(nc.shortID + "\n")
      global.say(
        "recorded \(nc.criterionType.rawValue) NC \(nc.criterion) for \(nc.producerName), deadline \(nc.deadline)")
    }
  }

  /// `psr nc correct ID --on DATE --evidence TEXT`
  struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "correct", abstract: "Mark a non-conformity corrected.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The NC: an id prefix of at least 6 characters.") var id: String
    @Option(help: "When it was corrected, YYYY-MM-DD.") var on: String
    @Option(help: "What shows it is corrected.") var evidence: String

    func run() throws {
      let nc = try global.openStore().audits.correctNC(id, on: on, evidence: evidence)
      global.say("NC \(nc.shortID) (\(nc.criterion)) corrected on \(nc.correctedOn ?? on)")
    }
  }

  /// `psr nc list [--producer] [--region] [--open] [--overdue]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List NCs: open ones by deadline, then corrected ones.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "NCs of this producer.") var producer: String?
    @Option(help: "NCs of producers in this region.") var region: String?
    @Flag(help: "Only open NCs.") var open = false
    @Flag(help: "Only open NCs past their deadline.") var overdue = false
    @OptionGroup var limit: LimitOption
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = NCFilter()
      filter.producer = producer
      filter.region = region
      filter.openOnly = open
      filter.overdueOnly = overdue
      filter.limit = limit.limit
      let ncs = try global.openStore().audits.ncs(filter)
      Output.list(
        ncs.map(\.record), format: output.format, columns: NonConformity.columns, fields: NonConformity.fields,
        noun: "non-conformities", quiet: global.quiet)
    }
  }
}
