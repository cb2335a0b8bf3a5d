import SQLite

/// A capacity area a region chose to train on in a year (DESIGN.md "Priority area").
public struct PriorityArea: Equatable, Sendable {
  public var code: String
  public var description: String
  /// The region that chose it: the region asked about, or its network when the sub-region has none.
  public var region: String
  public var year: Int
  /// When it was added (or its description last changed) and by whom.
  public var at: String
  public var actor: String
}

/// The priority areas in force for a region and year.
public struct RegionPriorities: Equatable, Sendable {
  public var region: Region
  public var year: Int
  public var areas: [PriorityArea]
  /// The network whose areas these are, when the sub-region has none of its own that year.
  public var inheritedFrom: String?

  public var codes: [String] { areas.map(\.code) }
}

/// What `change` did to one code.
public struct PriorityChange: Equatable, Sendable {
  public enum Action: String, Sendable { case add, remove, describe }
  public var code: String
  public var action: Action
  public var description: String
}

/// Priority areas: each change a row of `priority_changes` (append-only); the areas of a region and year are
/// each code's latest change when it is an addition (the `priority_areas` view).
public struct PriorityRepository {
  let store: Store
  var db: Database { store.db }

  /// Descriptions given to the usual codes when none is given.
  public static let knownDescriptions = [
    "ics": "Internal control systems",
    "gender": "Gender equality and women's participation",
    "climate": "Climate change adaptation",
    "child-labour": "Preventing and remediating child labour",
    "premium-use": "Planning and accounting for the Fairtrade Premium",
    "market-access": "Market access, contracts and buyers",
    "governance": "Democratic governance of the organization",
    "traceability": "Traceability and record keeping",
    "environment": "Environmental criteria and agrochemicals",
    "workers-rights": "Workers' rights and hired labour",
  ]

  /// The areas in force for `region` in `year`: its own, else its network's.
  public func priorities(region code: String, year: Int) throws -> RegionPriorities {
    let region = try store.regions.require(code)
    let year = try Self.checked(year: year)
    let own = try areas(region: region.code, year: year)
    if own.isEmpty, let parent = region.parent {
      let inherited = try areas(region: parent, year: year)
      if !inherited.isEmpty {
        return RegionPriorities(region: region, year: year, areas: inherited, inheritedFrom: parent)
      }
    }
    return RegionPriorities(region: region, year: year, areas: own, inheritedFrom: nil)
  }

  /// The areas in force in `year` for the sub-region (else network) of `country`; nil when the country is in no
  /// region.
  public func priorities(country: String, year: Int) throws -> RegionPriorities? {
    guard let region: String = try db.scalar("SELECT region FROM countries WHERE code = ?", [country]) else {
      return nil
    }
    return try priorities(region: region, year: year)
  }

  func areas(region: String, year: Int) throws -> [PriorityArea] {
    try db.rows(
      "SELECT code, description, region, year, at, actor FROM priority_areas WHERE region = ? AND year = ? ORDER BY code",
      [region, year]
    ).map { row in
      PriorityArea(
        code: try row.decode("code"), description: try row.decode("description"), region: try row.decode("region"),
        year: try row.decode("year"), at: try row.decode("at"), actor: try row.decode("actor"))
    }
  }

  /// Changes the region's own areas for `year`: `set` makes them exactly these codes (codes not in it removed),
  /// `add` and `remove` change some; `descriptions` gives codes' one-line descriptions (a code already in force
  /// with a new description is described again). One transaction, recorded with who and when; returns what
  /// changed (nothing when every code was already as asked).
  public func change(
    region code: String, year: Int, set: [String]?, add: [String] = [], remove: [String] = [],
    descriptions: [String: String] = [:]
  ) throws -> (RegionPriorities, [PriorityChange]) {
    let region = try store.regions.require(code, kind: .invalid)
    let year = try Self.checked(year: year)
    let set = try set.map(Self.codes)
    let add = try Self.codes(add)
    let remove = try Self.codes(remove)
    if let clash = Swift.Set(add + (set ?? [])).intersection(remove).sorted().first {
      throw DomainError.invalid("'\(clash)' is both added and removed; give it once")
    }
    var described: [String: String] = [:]
    for (key, text) in descriptions {
      guard let key = try Self.codes([key]).first else { continue }
      described[key] = try Self.description(text)
    }
    let wanted = Swift.Set((set ?? []) + add)
    if let stray = described.keys.sorted().first(where: { !wanted.contains($0) }),
      try !areas(region: region.code, year: year).contains(where: { $0.code == stray })
    {
      throw DomainError.invalid(
        "'\(stray)' is described but is not a priority area of \(region.code) in \(year); add it with --add \(stray)")
    }
    return try db.write {
      let actor = try store.recordedActor()
      let current = Dictionary(
        uniqueKeysWithValues: try areas(region: region.code, year: year).map { ($0.code, $0.description) })
      var changes: [PriorityChange] = []
      for code in (set ?? []) + add where !changes.contains(where: { $0.code == code }) {
        let text = described[code] ?? current[code] ?? Self.knownDescriptions[code] ?? ""
        if let old = current[code] {
          if old != text { changes.append(PriorityChange(code: code, action: .describe, description: text)) }
        } else {
          changes.append(PriorityChange(code: code, action: .add, description: text))
        }
      }
      for code in described.keys.sorted() where !wanted.contains(code) {
        if let old = current[code], old != described[code] {
          changes.append(PriorityChange(code: code, action: .describe, description: described[code] ?? ""))
        }
      }
      let removed = remove + (set.map { set in current.keys.sorted().filter { !set.contains($0) } } ?? [])
      for code in removed where current[code] != nil && !changes.contains(where: { $0.code == code }) {
        changes.append(PriorityChange(code: code, action: .remove, description: current[code] ?? ""))
      }
      let insert = try db.prepare(
        """
        INSERT INTO priority_changes (id, region, year, code, action, description, at, actor)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
      let now = store.clock.now()
      for change in changes {
        try insert.execute([
          Identifier.make(), region.code, year, change.code, change.action == .remove ? "remove" : "add",
          change.description, now, actor,
        ])
      }
      return (try priorities(region: region.code, year: year), changes)
    }
  }

  /// Every change of the region's own areas for `year`, oldest first.
  public func history(region code: String, year: Int) throws -> [(change: PriorityChange, at: String, actor: String)] {
    let region = try store.regions.require(code)
    return try db.rows(
      """
      SELECT code, action, description, at, actor FROM priority_changes
      WHERE region = ? AND year = ? ORDER BY at, id
      """, [region.code, try Self.checked(year: year)]
    ).map { row in
      let action: String = try row.decode("action")
      return (
        PriorityChange(
          code: try row.decode("code"), action: action == "remove" ? .remove : .add,
          description: try row.decode("description")),
        try row.decode("at"), try row.decode("actor")
      )
    }
  }

  static func checked(year: Int) throws -> Int {
    guard (2000...2100).contains(year) else {
      throw DomainError.invalid("there is no year \(year) for priorities; give a year from 2000 to 2100, such as 2026")
    }
    return year
  }

  /// Codes as topic words: lower case, one word each, at most 40 characters.
  static func codes(_ values: [String]) throws -> [String] {
    var codes: [String] = []
    for value in values {
      let parsed: [String]
      do {
        parsed = try Validate.tags(value)
      } catch {
        throw DomainError.invalid(
          "'\(Validate.printable(value))' is not a priority area code; a code is one word of at most 40 characters, such as ics or child-labour"
        )
      }
      for code in parsed where !codes.contains(code) { codes.append(code) }
    }
    return codes
  }

  static func description(_ text: String) throws -> String {
    try Validate.checkDecoded(text, field: "description")
    let text = text.trimmedSpaces
    guard text.count <= 200, !text.contains(where: \.isNewline),
      !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else {
      throw DomainError.invalid("a priority area's description is one line of at most 200 characters")
    }
    return text
  }
}
