import SQLite

extension DemoGenerator {
  /// The areas networks and sub-regions choose from.
  static let priorityAreas = [
    "ics", "gender", "climate", "child-labour", "premium-use", "market-access", "governance", "traceability",
  ]

  /// Gives each network two priority areas for each of the last four years, and about half the sub-regions three
  /// of their own (the others take their network's), decided each December for the next year; and records
  /// which apply to each country and year, for the trainings' topics.
  mutating func makePriorities() throws {
    let insert = try db.cachedStatement(
      """
      INSERT INTO priority_changes (id, region, year, code, action, description, at, actor)
      VALUES (?, ?, ?, ?, 'add', ?, ?, 'demo')
      """)
    let today = Int(store.clock.today.prefix(4)) ?? 2026
    let regions = try store.regions.all()
    var chosen: [String: [Int: [String]]] = [:]
    for year in (today - 3)...today {
      for region in regions {
        let count = region.isTopLevel ? 2 : priorityRandom.chance(0.5) ? 3 : 0
        var codes: [String] = []
        while codes.count < count {
          let code = priorityRandom.pick(Self.priorityAreas)
          if !codes.contains(code) { codes.append(code) }
        }
        for code in codes.sorted() {
          try insert.execute([
            priorityRandom.uuid(), region.code, year, code, PriorityRepository.knownDescriptions[code] ?? "",
            "\(year - 1)-12-15T09:00:00.000Z",
          ])
        }
        chosen[region.code, default: [:]][year] = codes.sorted()
      }
    }
    for region in regions where !region.isTopLevel {
      for country in try store.countries.list(region: region.code) {
        for year in (today - 3)...today {
          let own = chosen[region.code]?[year] ?? []
          prioritiesInForce[country.code, default: [:]][year] =
            own.isEmpty ? chosen[region.parent ?? ""]?[year] ?? [] : own
        }
      }
    }
  }
}
