import CaseTracker

/// `psr insight summary`, and the insight counts of a region's report: insights by product, sub-region and
/// kind. In JSON and CSV an insight with no product has product `null` (empty in CSV), and a country outside
/// every region has region `null`; the table names them `(no product)` and `(outside)`.
enum InsightSummaryRecords {
  static let noProduct = "(no product)"
  static let outside = "(outside)"

  /// Every kind with its count, zero included.
  static func counts(_ counts: InsightCounts) -> Field {
    .object(Record(InsightKind.allCases.map { ($0.rawValue, .int(counts[$0])) }))
  }

  static func region(_ region: RegionInsightCounts) -> Record {
    Record([
      ("region", Field(region.region)), ("network", Field(region.network)), ("counts", counts(region.counts)),
      ("total", .int(region.counts.total)),
    ])
  }

  /// One product's counts, with its newest insights when `newest`.
  static func product(_ product: ProductInsights, newest: Bool) -> Record {
    var fields: [(String, Field)] = [
      ("product", Field(product.product)), ("counts", counts(product.counts)), ("total", .int(product.counts.total)),
      ("regions", .records(product.regions.map(region))),
    ]
    if newest { fields.append(("newest", .records(product.newest.map(\.record)))) }
    return Record(fields)
  }

  /// `products` and `totals`: the part the summary and the report share.
  static func tally(_ tally: InsightTally, newest: Bool) -> [(String, Field)] {
    [
      ("products", .records(tally.products.map { product($0, newest: newest) })),
      (
        "totals",
        .object(
          Record([
            ("counts", counts(tally.totals)), ("total", .int(tally.totals.total)),
            ("regions", .records(tally.regions.map(region))),
          ]))
      ),
    ]
  }

  /// The JSON contract of `psr insight summary` (README.md, "Insight summary").
  static func record(_ summary: InsightSummary) -> Record {
    Record(
      [
        ("region", Field(summary.region?.code)), ("country", Field(summary.country)),
        ("product", Field(summary.product)), ("from", Field(summary.from)), ("to", Field(summary.to)),
      ] + tally(summary.tally, newest: true))
  }

  static let csvFields = ["product", "region", "network", "kind", "count"]

  /// One row per product, sub-region and kind: every kind of each product's sub-regions, zero included.
  static func csvRecords(_ tally: InsightTally) -> [Record] {
    tally.products.flatMap { product in
      product.regions.flatMap { region in
        InsightKind.allCases.map { kind in
          Record([
            ("product", Field(product.product)), ("region", Field(region.region)),
            ("network", Field(region.network)), ("kind", .text(kind.rawValue)), ("count", .int(region.counts[kind])),
          ])
        }
      }
    }
  }

  static let columns =
    [TableColumn("PRODUCT", "product", free: true)]
    + InsightKind.allCases.map { TableColumn($0.rawValue.uppercased(), $0.rawValue) }
    + [TableColumn("TOTAL", "total"), TableColumn("REGIONS", "regions", maxWidth: 200, free: true)]

  /// "AME-ECA 5, ASP-SAS 2, (outside) 1": where a product's insights cluster.
  static func regions(_ regions: [RegionInsightCounts]) -> String {
    regions.map { "\($0.region ?? outside) \($0.counts.total)" }.joined(separator: ", ")
  }

  static func tableRow(_ label: String, _ counts: InsightCounts, _ regions: [RegionInsightCounts]) -> Record {
    Record(
      [("product", .text(label))] + InsightKind.allCases.map { ($0.rawValue, .int(counts[$0])) } + [
        ("total", .int(counts.total)), ("regions", .text(self.regions(regions))),
      ])
  }

  /// "14 insights in AME about coffee from 2026-07-01 to 2026-09-30, by product and kind:".
  static func heading(_ summary: InsightSummary) -> String {
    let total = summary.tally.totals.total
    var text = "\(total) insight\(total == 1 ? "" : "s")"
    if let region = summary.region {
      text += " in \(region.code)" + (region.isTopLevel ? " (its sub-regions' countries)" : "")
    }
    if let country = summary.country { text += (summary.region == nil ? " in " : ", ") + country }
    if let product = summary.product { text += " about \(product)" }
    switch (summary.from, summary.to) {
    case (let from?, let to?): text += " from \(from) to \(to)"
    case (let from?, nil): text += " from \(from) on"
    case (nil, let to?): text += " up to \(to)"
    case (nil, nil): break
    }
    return text + ", by product and kind:"
  }

  /// The table, then each product's newest insights as one line each: date, country, officer, kind, text
  /// (cut to fit `width`, and to at most 80 columns as in `insight list`) and short id.
  static func table(_ summary: InsightSummary, style: TerminalStyle, width: Int? = TerminalWidth.stdout) -> String {
    let tally = summary.tally
    var rows = tally.products.map { tableRow($0.product ?? noProduct, $0.counts, $0.regions) }
    if tally.products.count > 1 { rows.append(tableRow("(all)", tally.totals, tally.regions)) }
    var out =
      ReportTextRenderer.wrapped(TableRenderer.sanitize(heading(summary)), indent: "", width: width) + "\n"
      + TableRenderer.render(rows, columns: columns, style: style, width: width)
    for product in tally.products where !product.newest.isEmpty {
      let name = TableRenderer.sanitize(product.product ?? noProduct)
      out += "\n" + style.bold("\(name): newest \(product.newest.count) of \(product.counts.total)") + "\n"
      for insight in product.newest { out += line(insight, width: width) + "\n" }
    }
    return out
  }

  /// `  2026-09-27 KE akinyi demand: Buyers ask for… (5e21c0ab)`.
  static func line(_ insight: Insight, width: Int?) -> String {
    let lead = TableRenderer.sanitize(
      "  \(insight.date) \(insight.country) \(insight.officer) \(insight.kind.rawValue): ")
    let tail = " (\(insight.shortID))"
    let text = TableRenderer.sanitize(insight.text.split(whereSeparator: \.isNewline).joined(separator: " "))
    var room = 80
    if let width {
      room = min(
        room,
        max(TableRenderer.minimumFreeWidth, width - TableRenderer.displayWidth(lead) - TableRenderer.displayWidth(tail))
      )
    }
    return lead + TableRenderer.fit(text, width: room) + tail
  }

  static func write(_ summary: InsightSummary, format: OutputFormat, quiet: Bool) {
    // An unknown product is no error, just nothing about it; a message says so whatever the format.
    if summary.tally.products.isEmpty && summary.product != nil && format != .table {
      Output.message(emptyMessage(summary), quiet: quiet)
    }
    switch format {
    case .json: Output.data(JSONRenderer.render(record(summary)))
    case .csv: Output.csv(CSVRenderer.render(csvRecords(summary.tally), columns: csvFields))
    case .table:
      if summary.tally.products.isEmpty {
        Output.message(emptyMessage(summary), quiet: quiet)
      } else {
        Output.data(table(summary, style: .stdout))
      }
    }
  }

  /// What an empty summary says: that nothing matched, and for a product, how to see the products there are.
  static func emptyMessage(_ summary: InsightSummary) -> String {
    guard let product = summary.product else { return "no insights to show" }
    return
      "no insights about '\(product)' to show; 'psr insight summary' without --product lists the products insights are about"
  }
}
