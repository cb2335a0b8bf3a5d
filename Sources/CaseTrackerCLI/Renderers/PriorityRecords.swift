import CaseTracker

/// `psr region priorities`: the areas in force, and what a change did.
enum PriorityRecords {
  static let fields = ["region", "year", "code", "description", "chosen_by", "added_at", "added_by"]
  static let columns = [
    TableColumn("CODE", "code"), TableColumn("DESCRIPTION", "description", free: true),
    TableColumn("CHOSEN BY", "chosen_by", drop: 1),
    TableColumn("ADDED", drop: 2) { LocalInstant.shown($0, "added_at") }, TableColumn("BY", "added_by", drop: 3),
  ]
  static let historyColumns = [
    TableColumn("AT") { LocalInstant.shown($0, "at") }, TableColumn("BY", "actor"), TableColumn("CHANGE", "action"),
    TableColumn("CODE", "code"), TableColumn("DESCRIPTION", "description", free: true),
  ]

  static func records(_ priorities: RegionPriorities) -> [Record] {
    priorities.areas.map { area in
      Record([
        ("region", .text(priorities.region.code)), ("year", .int(priorities.year)), ("code", .text(area.code)),
        ("description", .text(area.description)), ("chosen_by", .text(area.region)), ("added_at", .text(area.at)),
        ("added_by", .text(area.actor)),
      ])
    }
  }

  static func historyRecords(_ history: [(change: PriorityChange, at: String, actor: String)]) -> [Record] {
    history.map { item in
      Record([
        ("at", .text(item.at)), ("actor", .text(item.actor)),
        ("action", .text(item.change.action == .remove ? "removed" : "added")), ("code", .text(item.change.code)),
        ("description", .text(item.change.description)),
      ])
    }
  }

  /// The line above the table: whose areas these are.
  static func heading(_ priorities: RegionPriorities) -> String {
    let region = priorities.region
    if let network = priorities.inheritedFrom {
      return
        "\(region.code) \(region.name): priority areas for \(priorities.year), its network \(network)'s (\(region.code) has none of its own)"
    }
    return "\(region.code) \(region.name): priority areas for \(priorities.year)"
  }

  static func write(
    _ priorities: RegionPriorities, history: [(change: PriorityChange, at: String, actor: String)]?,
    format: OutputFormat, quiet: Bool
  ) {
    switch format {
    case .json:
      var fields: [(String, Field)] = [
        ("region", .text(priorities.region.code)), ("year", .int(priorities.year)),
        ("inherited_from", Field(priorities.inheritedFrom)),
        (
          "areas",
          .records(
            records(priorities).map {
              Record($0.fields.filter { $0.name != "region" && $0.name != "year" }.map { ($0.name, $0.value) })
            })
        ),
      ]
      if let history { fields.append(("history", .records(historyRecords(history)))) }
      Output.data(JSONRenderer.render(Record(fields)))
    case .csv:
      Output.csv(CSVRenderer.render(records(priorities), columns: fields))
    case .table:
      if priorities.areas.isEmpty {
        let code = priorities.region.code
        Output.message(
          "\(code) has no priority areas for \(priorities.year); set them with 'psr region priorities \(code) --set ics,gender --year \(priorities.year)'",
          quiet: quiet)
      } else {
        Output.data(
          TableRenderer.sanitize(heading(priorities)) + "\n"
            + TableRenderer.render(records(priorities), columns: columns, style: .stdout))
      }
      if let history {
        Output.data(
          history.isEmpty
            ? "\nno change of \(priorities.region.code)'s own areas in \(priorities.year)\n"
            : "\nChanges of \(priorities.region.code)'s own areas in \(priorities.year), oldest first:\n"
              + TableRenderer.render(historyRecords(history), columns: historyColumns, style: .stdout))
      }
    }
  }

  /// "AME-ECA 2026: added ics, gender; removed climate", or that nothing changed.
  static func summary(_ changes: [PriorityChange], priorities: RegionPriorities) -> String {
    let code = priorities.region.code
    guard !changes.isEmpty else {
      return "nothing changed: \(code)'s own areas for \(priorities.year) were already as asked"
    }
    var parts: [String] = []
    for (action, verb) in [(PriorityChange.Action.add, "added"), (.remove, "removed"), (.describe, "described")] {
      let codes = changes.filter { $0.action == action }.map(\.code)
      if !codes.isEmpty { parts.append("\(verb) \(codes.joined(separator: ", "))") }
    }
    return "\(code) \(priorities.year): " + parts.joined(separator: "; ")
  }
}
