import SQLite

/// Regions: the producer networks and their sub-regions.
public struct RegionRepository {
  let db: Database

  /// Every region, each network followed by its sub-regions, with the countries each holds.
  /// A region's countries are its own and those of its sub-regions. They are counted through each country's
  /// region row (one, by its key), not with `IN (SELECT …)`: SQLite fills and clears a temporary table for
  /// that list once per region row, which cost 31 M instructions, most of `psr region list`.
  public func all() throws -> [Region] {
    try db.rows(
      """
      SELECT r.code, r.name, r.parent,
        (SELECT count(*) FROM countries c LEFT JOIN regions s ON s.code = c.region
          WHERE c.region = r.code OR s.parent = r.code)
          AS country_count
      FROM regions r
      ORDER BY coalesce(r.parent, r.code), r.parent IS NOT NULL, r.code
      """
    ).map(Self.region)
  }

  /// The region with `code` (any case), or nil.
  public func region(_ code: String) throws -> Region? {
    let code = code.uppercased()
    return try db.row(
      """
      SELECT r.code, r.name, r.parent,
        (SELECT count(*) FROM countries c LEFT JOIN regions s ON s.code = c.region
          WHERE c.region = r.code OR s.parent = r.code)
          AS country_count
      FROM regions r WHERE r.code = ?
      """, [code]
    ).map(Self.region)
  }

  /// The region with `code`, or a not-found error that points to `psr region list`.
  public func require(_ code: String, kind: DomainError.Kind = .notFound) throws -> Region {
    let normalized = try Validate.regionCode(code)
    guard let region = try region(normalized) else {
      throw DomainError(kind, "unknown region '\(Validate.printable(code))'; see 'psr region list'")
    }
    return region
  }

  /// Adds a region: top-level without `parent`, a sub-region of the top-level `parent` otherwise.
  @discardableResult
  public func add(code: String, name: String, parent: String?) throws -> Region {
    let code = try Validate.regionCode(code)
    let name = try Validate.line(name, field: "region name", limit: 200)
    return try db.write {
      if try region(code) != nil {
        throw DomainError.invalid("region '\(code)' already exists; see 'psr region list'")
      }
      var parentCode: String?
      if let parent {
        let parentRegion = try require(parent, kind: .invalid)
        guard parentRegion.isTopLevel else {
          throw DomainError.invalid(
            "'\(parentRegion.code)' is a sub-region of \(parentRegion.parent!); the parent must be a top-level region such as \(parentRegion.parent!)"
          )
        }
        parentCode = parentRegion.code
      }
      try db.execute("INSERT INTO regions (code, name, parent) VALUES (?, ?, ?)", [code, name, parentCode])
      return Region(code: code, name: name, parent: parentCode)
    }
  }

  static func region(_ row: Row) throws -> Region {
    Region(
      code: try row.decode("code"), name: try row.decode("name"), parent: try row.decode("parent"),
      countryCount: try row.decode("country_count"))
  }
}

/// SQL that selects the codes of countries in a region: its own, or its sub-regions' for a network.
/// Takes the region code twice.
let countriesInRegionSQL = """
  SELECT code FROM countries WHERE region IN (SELECT code FROM regions WHERE code = ? OR parent = ?)
  """
