import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case update REF …`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update",
      abstract: "Change a case's fields; each change is recorded in the timeline with its old and new value.",
      discussion: """
        Close a case with 'psr case close', not --status. --tag +WORD adds a tag, --tag -WORD removes one (a bare WORD adds). A new due date must be within 10 years from today; one already past is kept, with a warning. An update that changes nothing writes nothing.

        Example: psr case update 3f9c2a --status waiting --priority high --tag +buyer --tag=-audit
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case: an id prefix of at least 6 characters.") var ref: String
    @Option(help: "A new title.") var title: String?
    @Option(help: "A new type.") var type: CaseType?
    @Option(
      help: ArgumentHelp(
        "open, active or waiting (close a case with 'psr case close', which resolves or cancels it).",
        valueName: "open|active|waiting"),
      completion: .list(Self.statuses.map(\.rawValue)), transform: Self.status)
    var status: CaseStatus?
    @Option(help: "low, normal, high or urgent.") var priority: CasePriority?
    @Option(help: "A new due date, YYYY-MM-DD.") var due: String?
    @Flag(name: .customLong("no-due"), help: "Remove the due date.") var noDue = false
    @Option(help: "Assign to this officer.") var officer: String?
    @Option(
      parsing: .unconditionalSingleValue,
      help: ArgumentHelp("+WORD adds a tag, -WORD removes one (repeatable).", valueName: "+word|-word"))
    var tag: [String] = []
    @Option(help: "Link a non-conformity of the case's producer (repeatable).") var nc: [String] = []

    func validate() throws {
      if due != nil && noDue { throw ValidationError("give --due or --no-due, not both") }
      let nothing =
        title == nil && type == nil && status == nil && priority == nil && due == nil && !noDue && officer == nil
        && tag.isEmpty && nc.isEmpty
      let removed = Set(tag.filter { $0.hasPrefix("-") }.map { $0.dropFirst().lowercased() })
      if let both = tag.filter({ !$0.hasPrefix("-") }).map({
        ($0.hasPrefix("+") ? String($0.dropFirst()) : $0).lowercased()
      })
      .first(where: removed.contains) {
        throw ValidationError("--tag: '\(both)' is both added and removed; give it once")
      }
      if nothing { throw ValidationError("nothing to update; give at least one option such as --status or --priority") }
    }

    /// The statuses a case can be moved to here: closing it is 'psr case close'.
    static let statuses = CaseStatus.allCases.filter { !$0.isClosed }

    static func status(_ text: String) throws -> CaseStatus {
      let choices = statuses.map(\.rawValue).joined(separator: ", ")
      guard let status = CaseStatus(argument: text) else { throw ValidationError("give one of: \(choices)") }
      guard !status.isClosed else {
        throw ValidationError(
          "close a case with 'psr case close REF --resolution TEXT' (or --cancel), not --status; --status takes \(choices)"
        )
      }
      return status
    }

    func run() throws {
      var changes = CaseChanges()
      changes.title = title
      changes.type = type
      changes.status = status
      changes.priority = priority
      changes.linkNCs = nc
      if noDue { changes.dueDate = .some(nil) } else if let due { changes.dueDate = .some(due) }
      if let officer { changes.officer = .some(officer) }
      for value in tag {
        if value.hasPrefix("-") {
          changes.removeTags.append(String(value.dropFirst()))
        } else {
          changes.addTags.append(value.hasPrefix("+") ? String(value.dropFirst()) : value)
        }
      }
      let (updated, events, warnings) = try global.openStore().cases.update(ref, changes)
      for warning in warnings { Output.warning(warning) }
      if events.isEmpty {
        global.say("case \(updated.shortID) already has these values; nothing was written")
      } else {
        global.say("updated case \(updated.shortID): \(events.count) change(s) recorded")
      }
    }
  }
}
