import SQLite

extension InsightRepository {
  /// The insights `filter` selects (by region, country, product, kind and dates; voided insights are never
  /// counted, whatever `includeVoided` says, and `limit` does not apply) counted by product, by the
  /// sub-region of their country and by kind, with the newest `newest` texts of each product.
  public func summary(_ filter: InsightFilter, newest: Int = 3) throws -> InsightSummary {
    var query = SQLFilter(store: store)
    var summary = InsightSummary()
    summary.region = try filter.region.map { try store.regions.require($0, kind: .invalid) }
    summary.country = try filter.country.map { try store.countries.require($0).code }
    try query.region(filter.region, column: "i.country")
    try query.country(filter.country, column: "i.country")
    if let product = filter.product {
      let stored = try Validate.products(product).first ?? ""
      summary.product = stored
      query.add("i.product = ?", stored)
    }
    if let kind = filter.kind { query.add("i.kind = ?", kind) }
    try query.dates(from: filter.from, to: filter.to, column: "i.date")
    summary.from = try filter.from.map { try CalendarDate.parse($0, field: "--from date") }
    summary.to = try filter.to.map { try CalendarDate.parse($0, field: "--to date") }
    query.add("i.voided_at IS NULL")
    return try db.read {
      summary.tally = try InsightTally(rows: db.rows(Self.countsSQL(where: query.clause), query.arguments))
      guard newest > 0, !summary.tally.products.isEmpty else { return summary }
      var latest: [String?: [Insight]] = [:]
      for row in try db.rows(
        // Each product's newest by a window over the selected insights; NULL products make one partition.
        """
        SELECT * FROM (
          SELECT i.*, row_number() OVER (
            PARTITION BY i.product ORDER BY i.date DESC, i.created_at DESC, i.id DESC) AS place
          FROM insights i\(query.clause))
        WHERE place <= ? ORDER BY place
        """, query.arguments + [newest])
      {
        let insight = try Self.decode(row)
        latest[insight.product, default: []].append(insight)
      }
      for index in summary.tally.products.indices {
        summary.tally.products[index].newest = latest[summary.tally.products[index].product] ?? []
      }
      return summary
    }
  }

  /// The grouped counts `InsightTally(rows:)` assembles, over the insights `i` that `filter` (a ` WHERE …`,
  /// with the alias `i`) selects: one row per product, sub-region and kind. The report uses it too.
  static func countsSQL(where filter: String) -> String {
    """
    SELECT i.product AS product, c.region AS region, r.parent AS network, i.kind AS kind, count(*) AS n
    FROM insights i JOIN countries c ON c.code = i.country LEFT JOIN regions r ON r.code = c.region\(filter)
    GROUP BY i.product, c.region, i.kind
    """
  }
}

extension InsightTally {
  /// Assembles the rows of `InsightRepository.countsSQL`: product, region, network, kind, n.
  init(rows: [Row]) throws {
    self.init()
    var products: [String?: ProductInsights] = [:]
    var regions: [String?: RegionInsightCounts] = [:]
    var byProduct: [String?: [String?: RegionInsightCounts]] = [:]
    for row in rows {
      let product: String? = try row.decode("product")
      let region: String? = try row.decode("region")
      let network: String? = try row.decode("network")
      let kind: InsightKind = try row.decode("kind")
      let count: Int = try row.decode("n")
      products[product, default: ProductInsights(product: product)].counts.add(count, of: kind)
      regions[region, default: RegionInsightCounts(region: region, network: network)].counts.add(count, of: kind)
      byProduct[product, default: [:]][region, default: RegionInsightCounts(region: region, network: network)]
        .counts.add(count, of: kind)
      totals.add(count, of: kind)
    }
    func ordered(_ regions: [RegionInsightCounts]) -> [RegionInsightCounts] {
      regions.sorted {
        ($0.region == nil ? 1 : 0, -$0.counts.total, $0.region ?? "")
          < ($1.region == nil ? 1 : 0, -$1.counts.total, $1.region ?? "")
      }
    }
    self.regions = ordered(Array(regions.values))
    self.products = products.values.map { product in
      var product = product
      product.regions = ordered(Array((byProduct[product.product] ?? [:]).values))
      return product
    }.sorted {
      ($0.product == nil ? 1 : 0, -$0.counts.total, $0.product ?? "")
        < ($1.product == nil ? 1 : 0, -$1.counts.total, $1.product ?? "")
    }
  }
}
