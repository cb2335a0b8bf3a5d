import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit update ID [--date] [--kind] [--hours] [--women] [--men] [--other] [--topic] [--summary]`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update",
      abstract: "Correct a logged activity: its date, kind, hours, participants, topics or summary.",
      discussion:
        "Each changed field is kept in the visit's history with its old and new value, who changed it and when (psr visit show), and syncs like any change. Nothing is deleted: a visit logged by mistake is voided (psr visit void). Example: psr visit update 3f9c2a1b --date 2026-11-19 --women 15 --reason 'held the day before'"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The activity: an id prefix of at least 6 characters.") var id: String
    @Option(help: "When it happened, YYYY-MM-DD.") var date: String?
    @Option(help: "field-visit, remote, training, workshop, meeting or event.") var kind: ActivityKind?
    @Option(parsing: .unconditional, help: "Hours spent (more than 0, at most 200).", transform: NumberArgument.decimal)
    var hours: Double?
    @Flag(help: "The hours were not known: clear them.") var noHours = false
    @Option(parsing: .unconditional, help: "Women participating.", transform: NumberArgument.whole) var women: Int?
    @Option(parsing: .unconditional, help: "Men participating.", transform: NumberArgument.whole) var men: Int?
    @Option(parsing: .unconditional, help: "Other participants.", transform: NumberArgument.whole) var other: Int?
    @Option(help: "A topic word (repeatable): the topics, all of them, replacing those it has.") var topic: [String] =
      []
    @Flag(help: "Remove every topic.") var noTopics = false
    @Option(help: "What happened ('-' reads standard input).") var summary: String?
    @Option(help: "Why it is corrected (kept with the correction).") var reason: String?

    func validate() throws {
      if hours != nil && noHours { throw ValidationError("give --hours or --no-hours, not both") }
      if !topic.isEmpty && noTopics { throw ValidationError("give --topic or --no-topics, not both") }
    }

    func run() throws {
      var patch = ActivityPatch()
      patch.date = date
      patch.kind = kind
      patch.hours = hours
      patch.clearHours = noHours
      patch.women = women
      patch.men = men
      patch.other = other
      patch.summary = try summary.map(textArgument)
      patch.topics = noTopics ? [] : (topic.isEmpty ? nil : topic)
      guard !patch.isEmpty else {
        throw ValidationError(
          "give a field to correct: --date, --kind, --hours, --women, --men, --other, --topic or --summary")
      }
      let (activity, corrections) = try global.openStore().activities.update(id, patch, reason: reason)
      global.say(Self.summary(corrections, of: "visit \(activity.shortID)"))
    }

    /// `corrected visit 3f9c2a1b: date, women` or `visit 3f9c2a1b already has these values; nothing changed`.
    static func summary(_ corrections: [Correction], of noun: String) -> String {
      corrections.isEmpty
        ? "\(noun) already has these values; nothing changed"
        : "corrected \(noun): \(corrections.map(\.label).joined(separator: ", "))"
    }
  }

  /// `psr visit void ID --reason TEXT`
  struct Void: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "void", abstract: "Void an activity logged by mistake: kept, and left out of lists and reports.",
      discussion:
        "The visit stays in the database with who voided it, when and why (psr visit show), and is left out of lists (unless --voided), reports, search and readiness. The events it added to case timelines stay, as a timeline is append-only. Example: psr visit void 3f9c2a1b --reason 'logged twice'"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The activity: an id prefix of at least 6 characters.") var id: String
    @Option(help: "Why it is voided (required).") var reason: String

    func run() throws {
      let (activity, _) = try global.openStore().activities.void(id, reason: reason)
      global.say(
        "voided \(activity.kind.rawValue) \(activity.shortID) of \(activity.date); psr visit show \(activity.shortID) still shows it"
      )
    }
  }
}
