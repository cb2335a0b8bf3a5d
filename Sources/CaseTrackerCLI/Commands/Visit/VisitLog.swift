import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit log …`
  struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "Log an activity; prints its short id. Each --case gets a timeline event pointing at it.",
      discussion: """
        A producer is required for field-visit, remote and training; workshops, meetings and events may name just a --country. Without --date it is today (the local date, or --today); a date must be from 2000-01-01 to today. Counts and hours cannot be negative.

        Example: psr visit log --kind training --date 2026-11-20 --producer 27651 --hours 4 --women 14 --men 9 --topic gender --summary 'Internal control system training' --case 3f9c2a
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "field-visit, remote, training, workshop, meeting or event.") var kind: ActivityKind
    @Option(help: "When it happened, YYYY-MM-DD (default: today).") var date: String?
    @Option(help: "Who did it (default: the acting officer).") var officer: String?
    @Option(help: "The producer: FLO ID or id prefix.") var producer: String?
    @Option(help: "Where, when there is no producer.") var country: String?
    @Option(parsing: .unconditional, help: "Hours spent (more than 0, at most 200).", transform: NumberArgument.decimal)
    var hours: Double?
    @Option(parsing: .unconditional, help: "Women participating.", transform: NumberArgument.whole) var women: Int = 0
    @Option(parsing: .unconditional, help: "Men participating.", transform: NumberArgument.whole) var men: Int = 0
    @Option(
      parsing: .unconditional, help: "Other participants (at most 100000 in all).", transform: NumberArgument.whole)
    var other: Int = 0
    @Option(help: "A topic word (repeatable).") var topic: [String] = []
    @Option(help: "What happened ('-' reads standard input).") var summary: String
    @Option(name: .customLong("case"), help: "A case this advanced (repeatable).") var cases: [String] = []

    func run() throws {
      let summary = try textArgument(summary)
      let store = try global.openStore()
      var draft = ActivityDraft(kind: kind, date: date ?? store.clock.today, summary: summary)
      draft.officer = officer
      draft.producer = producer
      draft.country = country
      draft.hours = hours
      draft.women = women
      draft.men = men
      draft.other = other
      draft.topics = topic
      draft.cases = cases
      let (activity, warnings) = try store.activities.log(draft)
      for warning in warnings { Output.warning(warning) }
      Output.data(activity.shortID + "\n")
      let linked = activity.caseIDs.isEmpty ? "" : ", linked to \(activity.caseIDs.count) case(s)"
      global.say("logged \(activity.kind.rawValue) on \(activity.date) by \(activity.officer)\(linked)")
    }
  }
}
