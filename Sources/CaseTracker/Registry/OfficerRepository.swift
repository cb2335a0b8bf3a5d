import SQLite

/// Liaison officers and the countries they cover.
public struct OfficerRepository {
  let db: Database
  let clock: Clock

  /// Adds an officer covering `covers`. Returns the officer with a warning for each country, of the base and
  /// those covered, that belongs to no region (the officer is added all the same).
  @discardableResult
  public func add(
    handle: String, name: String, email: String, base: String, covers: [String]
  ) throws -> (officer: Officer, warnings: [String]) {
    let handle = try Validate.handle(handle)
    let name = try Validate.line(name, field: "name", limit: 200)
    let email = try Validate.email(email)
    let countries = CountryRepository(db: db)
    return try db.write {
      if try officer(handle) != nil {
        throw DomainError.invalid("officer '\(handle)' already exists; see 'psr officer show \(handle)'")
      }
      let base = try countries.require(base)
      let covered = try covers.map { try countries.require($0) }
      let now = clock.now()
      try db.execute(
        """
        INSERT INTO officers (handle, name, email, base_country, active, created_at, updated_at)
        VALUES (?, ?, ?, ?, 1, ?, ?)
        """, [handle, name, email, base.code, now, now])
      let cover = try db.cachedStatement(
        "INSERT INTO officer_countries (officer, country) VALUES (?, ?) ON CONFLICT DO NOTHING")
      for country in covered { try cover.execute([handle, country.code]) }
      try SearchRepository(db: db).catchUp()
      return (try require(handle), try countries.placementWarnings(for: [base] + covered))
    }
  }

  /// The officer with `handle`, or nil.
  public func officer(_ handle: String) throws -> Officer? {
    guard let row = try db.row("SELECT * FROM officers WHERE handle = ?", [handle]) else { return nil }
    return try officer(row)
  }

  /// The officer with `handle`, or a not-found error.
  public func require(_ handle: String, kind: DomainError.Kind = .notFound) throws -> Officer {
    guard let officer = try officer(handle) else {
      throw DomainError(kind, "unknown officer '\(Validate.printable(handle))'; see 'psr officer list'")
    }
    return officer
  }

  /// Officers by handle: active ones unless `includeInactive`; those covering `country`; those covering
  /// or based in a country of `region` (a network includes its sub-regions).
  public func list(region: String? = nil, country: String? = nil, includeInactive: Bool = false) throws
    -> [Officer]
  {
    var conditions: [String] = []
    var arguments: [any DatabaseValueConvertible] = []
    if !includeInactive { conditions.append("o.active = 1") }
    if let country {
      let code = try CountryRepository(db: db).require(country).code
      conditions.append("EXISTS (SELECT 1 FROM officer_countries oc WHERE oc.officer = o.handle AND oc.country = ?)")
      arguments.append(code)
    }
    if let region {
      let code = try RegionRepository(db: db).require(region, kind: .invalid).code
      conditions.append(
        """
        (o.base_country IN (\(countriesInRegionSQL))
         OR EXISTS (SELECT 1 FROM officer_countries oc WHERE oc.officer = o.handle
                    AND oc.country IN (\(countriesInRegionSQL))))
        """)
      arguments += [code, code, code, code]
    }
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    return try db.read {
      try db.rows("SELECT o.* FROM officers o \(filter) ORDER BY o.handle", arguments).map(officer)
    }
  }

  /// Changes an officer's details; nil leaves a field as it is. Returns the officer, whether anything
  /// changed, and a warning when the officer's base moved to a country that belongs to no region.
  public func update(
    handle: String, name: String? = nil, email: String? = nil, base: String? = nil, active: Bool? = nil
  ) throws -> (officer: Officer, changed: Bool, warning: String?) {
    let name = try name.map { try Validate.line($0, field: "name", limit: 200) }
    let email = try email.map(Validate.email)
    return try db.write {
      var officer = try require(handle)
      let before = officer
      if let name { officer.name = name }
      if let email { officer.email = email }
      let countries = CountryRepository(db: db)
      let newBase = try base.map { try countries.require($0) }
      if let newBase { officer.baseCountry = newBase.code }
      if let active { officer.isActive = active }
      guard officer != before else { return (officer, false, nil) }
      try db.execute(
        "UPDATE officers SET name = ?, email = ?, base_country = ?, active = ?, updated_at = ? WHERE handle = ?",
        [officer.name, officer.email, officer.baseCountry, officer.isActive, clock.now(), officer.handle])
      let warning =
        try newBase.flatMap { $0.code == before.baseCountry ? nil : try countries.placementWarning(for: $0) }
      try SearchRepository(db: db).catchUp()
      return (try require(officer.handle), true, warning)
    }
  }

  /// Adds and removes covered countries. Adding a covered country or removing an uncovered one is not an
  /// error; the result says what actually changed, with a warning for each country added that belongs to
  /// no region.
  public func cover(handle: String, add: [String], remove: [String]) throws -> (
    officer: Officer, added: [String], removed: [String], warnings: [String]
  ) {
    try db.write {
      let officer = try require(handle)
      let countries = CountryRepository(db: db)
      let addingCountries = try add.map { try countries.require($0) }
      let adding = addingCountries.map(\.code)
      let removing = try remove.map { try countries.require($0).code }
      if let both = adding.first(where: removing.contains) {
        throw DomainError.invalid("\(both) is both added and removed; name it in --add or --remove, not both")
      }
      var added: [String] = []
      var removed: [String] = []
      let insert = try db.cachedStatement(
        "INSERT INTO officer_countries (officer, country) VALUES (?, ?) ON CONFLICT DO NOTHING")
      for code in adding {
        try insert.execute([officer.handle, code])
        if db.changes > 0 { added.append(code) }
      }
      let delete = try db.cachedStatement("DELETE FROM officer_countries WHERE officer = ? AND country = ?")
      for code in removing {
        try delete.execute([officer.handle, code])
        if db.changes > 0 { removed.append(code) }
      }
      if !added.isEmpty || !removed.isEmpty {
        try db.execute("UPDATE officers SET updated_at = ? WHERE handle = ?", [clock.now(), officer.handle])
      }
      let warnings = try countries.placementWarnings(for: addingCountries.filter { added.contains($0.code) })
      return (try require(officer.handle), added, removed, warnings)
    }
  }

  private func officer(_ row: Row) throws -> Officer {
    let handle: String = try row.decode("handle")
    let countries: [String] = try db.rows(
      "SELECT country FROM officer_countries WHERE officer = ? ORDER BY country", [handle]
    ).map { try $0.decode("country") }
    return Officer(
      handle: handle, name: try row.decode("name"), email: try row.decode("email"),
      baseCountry: try row.decode("base_country"), isActive: try row.decode("active"),
      countries: countries, createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
  }
}
