import SQLite

/// Countries: the ISO 3166-1 reference list and the sub-region each belongs to.
public struct CountryRepository {
  let db: Database

  private static let select = """
    SELECT c.code, c.name, c.region, r.parent AS network
    FROM countries c LEFT JOIN regions r ON r.code = c.region
    """

  /// Every country, or those of `region` (a network includes its sub-regions), by code.
  public func list(region: String? = nil) throws -> [Country] {
    guard let region else {
      return try db.rows("\(Self.select) ORDER BY c.code").map(Self.country)
    }
    let code = try RegionRepository(db: db).require(region, kind: .invalid).code
    return try db.rows(
      "\(Self.select) WHERE c.code IN (\(countriesInRegionSQL)) ORDER BY c.code", [code, code]
    ).map(Self.country)
  }

  /// The country with `code` (any case), or nil.
  public func country(_ code: String) throws -> Country? {
    try db.row("\(Self.select) WHERE c.code = ?", [code.uppercased()]).map(Self.country)
  }

  /// The country named by `code`; an unknown or malformed code throws with `kind` (invalid when the code
  /// is a value in a record, not found when it is what the command is about).
  public func require(_ code: String, kind: DomainError.Kind = .invalid) throws -> Country {
    let normalized = try Validate.countryCode(code)
    guard let country = try country(normalized) else {
      throw DomainError(kind, "unknown country code '\(normalized)'; see 'psr country list'")
    }
    return country
  }

  /// The countries that belong to no sub-region, by code.
  public func unplaced() throws -> [Country] {
    try db.rows("\(Self.select) WHERE c.region IS NULL ORDER BY c.code").map(Self.country)
  }

  /// The sub-region `code` most likely belongs in: that of the nearest country placed in one on the same
  /// continent, when one is near (`Placement.suggestedRegion`); nil when there is none to suggest.
  func suggestedRegion(for code: String) throws -> String? {
    let placed = try db.rows("\(Self.select) WHERE c.region IS NOT NULL").map(Self.country)
    return Placement.suggestedRegion(for: code, among: placed)
  }

  /// A warning when `country` belongs to no sub-region, naming the command that places it; nil when it
  /// belongs to one. Reads the database only for a country of no region.
  func placementWarning(for country: Country) throws -> String? {
    guard country.region == nil else { return nil }
    return Placement.warning(for: country, suggesting: try suggestedRegion(for: country.code))
  }

  /// The warnings for `countries` that belong to no sub-region, each country once, in the order given.
  func placementWarnings(for countries: [Country]) throws -> [String] {
    var seen: Set<String> = []
    return try countries.filter { seen.insert($0.code).inserted }.compactMap(placementWarning)
  }

  /// Moves a country into the sub-region `region`.
  @discardableResult
  public func setRegion(_ code: String, to region: String) throws -> Country {
    try db.write {
      let country = try require(code, kind: .notFound)
      let target = try RegionRepository(db: db).require(region, kind: .invalid)
      guard let network = target.parent else {
        let subs = try RegionRepository(db: db).all().filter { $0.parent == target.code }.map(\.code)
        let hint =
          subs.isEmpty
          ? "add one with 'psr region add CODE --name NAME --parent \(target.code)'"
          : "such as \(subs.prefix(3).joined(separator: ", "))"
        throw DomainError.invalid(
          "\(target.code) is a top-level region; a country belongs to a sub-region, \(hint)")
      }
      try db.execute("UPDATE countries SET region = ? WHERE code = ?", [target.code, country.code])
      return Country(code: country.code, name: country.name, region: target.code, network: network)
    }
  }

  static func country(_ row: Row) throws -> Country {
    Country(
      code: try row.decode("code"), name: try row.decode("name"), region: try row.decode("region"),
      network: try row.decode("network"))
  }
}
