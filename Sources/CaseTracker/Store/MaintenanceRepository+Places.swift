import SQLite

extension MaintenanceRepository {
  /// The records held in one country of no region.
  struct UnplacedHolding: Equatable {
    var country: Country
    var producers = 0
    var officersBased = 0
    var officersCovering = 0
    var cases = 0

    /// "1 producer, 2 cases": the kinds of record it holds.
    var description: String {
      func count(_ n: Int, _ one: String, _ many: String) -> String? { n == 0 ? nil : "\(n) \(n == 1 ? one : many)" }
      return [
        count(producers, "producer", "producers"), count(officersBased, "officer based", "officers based"),
        count(officersCovering, "officer covering", "officers covering"), count(cases, "case", "cases"),
      ].compactMap { $0 }.joined(separator: ", ")
    }
  }

  /// The countries of no region that hold producers, officers' bases, covered countries or cases, by code.
  func unplacedHoldings() throws -> [UnplacedHolding] {
    try db.rows(
      """
      SELECT * FROM (
        SELECT c.code, c.name,
          (SELECT count(*) FROM producers p WHERE p.country = c.code AND p.merged_into IS NULL) AS producers,
          (SELECT count(*) FROM officers o WHERE o.base_country = c.code) AS based,
          (SELECT count(*) FROM officer_countries oc WHERE oc.country = c.code) AS covering,
          (SELECT count(*) FROM cases k WHERE k.country = c.code) AS cases
        FROM countries c WHERE c.region IS NULL)
      WHERE producers + based + covering + cases > 0
      ORDER BY code
      """
    ).map { row in
      UnplacedHolding(
        country: Country(code: try row.decode("code"), name: try row.decode("name")),
        producers: try row.decode("producers"), officersBased: try row.decode("based"),
        officersCovering: try row.decode("covering"), cases: try row.decode("cases"))
    }
  }

  /// The `places` check: a warning, not a failure, when countries of no region hold records, since no
  /// region's report counts them (the reports count them apart, "outside every region").
  func placesCheck() throws -> CheckResult {
    let holdings = try db.read { try unplacedHoldings() }
    guard !holdings.isEmpty else {
      return CheckResult(name: "places", outcome: .ok, detail: "every country with records belongs to a region")
    }
    let listed = 10
    var list = holdings.prefix(listed).map { "\($0.country.code) (\($0.country.name)) \($0.description)" }
    if holdings.count > listed { list.append("and \(holdings.count - listed) more") }
    let place: String
    if holdings.count == 1 {
      let code = holdings[0].country.code
      let region = try store.countries.suggestedRegion(for: code)
      place = "place it with: " + Placement.command(code, region) + (region == nil ? " (see 'psr region list')" : "")
    } else {
      place = "place them with: psr country set-region CODE REGION (see 'psr region list')"
    }
    let subject =
      holdings.count == 1 ? "1 country with records belongs" : "\(holdings.count) countries with records belong"
    return CheckResult(
      name: "places", outcome: .warning,
      detail: "\(subject) to no region: \(list.joined(separator: ", ")); \(place)")
  }
}
