import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case list …`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List cases: by default the open and waiting ones, oldest first.",
      discussion: "Sort fields: opened (oldest first), age, due, priority, updated, status, type, country, officer.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Cases in this region's countries (a network includes its sub-regions).") var region: String?
    @Option(help: "Cases in this country.") var country: String?
    @Option(help: "Cases assigned to this officer.") var officer: String?
    @Flag(help: "Cases assigned to the acting officer (--as or $PSR_OFFICER).") var mine = false
    @Option(help: "Cases of this producer: FLO ID or id prefix.") var producer: String?
    @Option(help: "Cases of this type.") var type: CaseType?
    @Option(help: "Cases with this status (repeatable).") var status: [CaseStatus] = []
    @Flag(help: "Open, active and waiting cases (the default).") var open = false
    @Flag(help: "Resolved and cancelled cases.") var closed = false
    @Flag(help: "Only overdue cases.") var overdue = false
    @Option(help: "Cases with this tag.") var tag: String?
    @Option(name: .customLong("opened-from"), help: "Opened on or after this date.") var openedFrom: String?
    @Option(name: .customLong("opened-to"), help: "Opened on or before this date.") var openedTo: String?
    @Option(
      name: .customLong("due-from"),
      help: ArgumentHelp("Due on or after this date (cases with no due date are left out).", valueName: "YYYY-MM-DD"))
    var dueFrom: String?
    @Option(
      name: .customLong("due-to"),
      help: ArgumentHelp("Due on or before this date (cases with no due date are left out).", valueName: "YYYY-MM-DD"))
    var dueTo: String?
    @Option(help: "Sort by this field.") var sort: CaseFilter.Sort = .opened
    @Option(parsing: .unconditional, help: "At most this many cases.", transform: NumberArgument.whole) var limit: Int?
    @OptionGroup var output: FormatOption

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
      if mine && officer != nil { throw ValidationError("give --mine or --officer, not both") }
    }

    func run() throws {
      var filter = CaseFilter()
      filter.region = region
      filter.country = country
      filter.officer = officer
      filter.producer = producer
      filter.type = type
      filter.statuses = status
      if open { filter.statusClasses += [.open, .pending] }
      if closed { filter.statusClasses.append(.closed) }
      filter.overdueOnly = overdue
      filter.tag = tag
      filter.openedFrom = openedFrom
      filter.openedTo = openedTo
      filter.dueFrom = dueFrom
      filter.dueTo = dueTo
      filter.mine = mine
      filter.sort = sort
      filter.limit = limit
      let cases = try global.openStore().cases.list(filter)
      Output.list(
        cases.map(\.record), format: output.format, columns: Case.columns, fields: Case.fields, noun: "cases",
        quiet: global.quiet)
    }
  }
}
