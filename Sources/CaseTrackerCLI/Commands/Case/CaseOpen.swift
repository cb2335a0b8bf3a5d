import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case open …`
  struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "open",
      abstract: "Open a case for a producer (or, for liaison and representation, a country); prints its short id.",
      discussion: """
        The due date must be within 10 years from today; one already past is kept, with a warning. A title that starts with '-' is taken as it is (--title '-urgent', or --title=-urgent).

        Example: psr case open --type certification --title 'Prepare initial audit' --producer 27651 --due 2027-01-31 --tag audit
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "certification, trade, business, introduction, liaison or representation.") var type: CaseType
    @Option(help: "What the case is about, in one line.") var title: String
    @Option(help: "The producer: FLO ID or id prefix.") var producer: String?
    @Option(help: "The country, for a liaison or representation case without a producer.") var country: String?
    @Option(help: "The officer in charge (default: the acting officer).") var officer: String?
    @Option(help: "low, normal, high or urgent.") var priority: CasePriority = .normal
    @Option(help: "Due date, YYYY-MM-DD.") var due: String?
    @Option(help: "A free word (repeatable).") var tag: [String] = []
    @Option(help: "A non-conformity of the producer this case works on (repeatable).") var nc: [String] = []

    func run() throws {
      var draft = CaseDraft(
        type: type, title: title, producer: producer, country: country, officer: officer, priority: priority,
        dueDate: due, tags: tag)
      draft.ncs = nc
      let (opened, warnings) = try global.openStore().cases.open(draft)
      for warning in warnings { Output.warning(warning) }
      Output.data(opened.shortID + "\n")
      let subject = opened.producerName ?? opened.country
      global.say(
        "opened \(opened.type.rawValue) case \(opened.shortID) for \(subject)\(opened.officer.map { ", assigned to \($0)" } ?? ", unassigned (assign it with --officer)")"
      )
    }
  }
}
