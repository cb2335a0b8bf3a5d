import CaseTracker

/// `report regions`: every region's headline side by side, as records (JSON, CSV), a table, Markdown or
/// an HTML page.
enum RegionsRenderer {
  static func records(_ summaries: [RegionSummary], period: ReportPeriod) -> [Record] {
    summaries.map { summary -> Record in
      let h = summary.headline
      return Record([
        // The last row, the countries outside every region, has no region: null in JSON, empty in CSV.
        ("region", Field(summary.region?.code)), ("name", .text(summary.region?.name ?? "outside every region")),
        ("parent", Field(summary.region?.parent)), ("period", .text(period.label)), ("from", .text(period.from)),
        ("to", .text(period.to)), ("producers_covered", .int(h.producersCovered)),
        ("activities", .int(h.activities)),
        ("field_visits", .int(h.fieldVisits)), ("trainings", .int(h.trainings)),
        ("participants_women", .int(h.women)),
        ("participants_men", .int(h.men)), ("participants_other", .int(h.other)),
        ("participants_total", .int(h.participants)), ("new_certifications", .int(h.newCertifications)),
        ("cases_opened", .int(h.casesOpened)), ("cases_closed", .int(h.casesClosed)),
        ("cases_open_at_end", .int(summary.openAtEnd)), ("cases_overdue_at_end", .int(summary.overdueAtEnd)),
        ("trainings_on_priorities", .int(summary.trainingsOnPriorities)),
        ("share_reached_on_priorities", ReportDataRenderer.fraction(summary.shareReachedOnPriorities)),
        ("as_of", .text(period.asOf)),
      ])
    }
  }

  /// The columns a reader compares, by header and field.
  static let headers = [
    ("REGION", "region"), ("PRODUCERS", "producers_covered"), ("VISITS", "field_visits"),
    ("TRAININGS", "trainings"),
    ("ACTIVITIES", "activities"), ("WOMEN", "participants_women"), ("MEN", "participants_men"),
    ("OTHER", "participants_other"), ("NEW CERT", "new_certifications"), ("OPENED", "cases_opened"),
    ("CLOSED", "cases_closed"), ("OPEN", "cases_open_at_end"), ("OVERDUE", "cases_overdue_at_end"),
    ("ON PRIORITIES", "trainings_on_priorities"), ("REACHED", "share_reached_on_priorities"),
  ]

  /// The row with no region is the countries outside every region.
  static let columns = headers.map { header in
    switch header.1 {
    case "region": TableColumn(header.0) { $0["region"] == .null ? "(outside)" : $0["region"].plain }
    case "share_reached_on_priorities":
      TableColumn(header.0, drop: narrowTerminalDrops[header.1]) {
        if case .real(let share) = $0[header.1] { return ReportDocument.percent(share) }
        return "-"
      }
    default: TableColumn(header.0, header.1, drop: narrowTerminalDrops[header.1])
    }
  }

  /// On a narrow terminal the participants go first, then new certifications, trainings and activities, then
  /// the trainings on priorities and the share they reached.
  static let narrowTerminalDrops = [
    "participants_women": 1, "participants_men": 2, "participants_other": 3, "new_certifications": 4,
    "trainings": 5, "activities": 6, "share_reached_on_priorities": 7, "trainings_on_priorities": 8,
  ]

  static func markdown(_ records: [Record], period: ReportPeriod) -> String {
    "# Regions, \(period.heading)\n\n"
      + "| " + headers.map(\.0).joined(separator: " | ") + " |\n"
      + "| --- |" + String(repeating: " ---: |", count: headers.count - 1) + "\n"
      + records.map { record in
        "| " + columns.map { ReportTextRenderer.escape($0.cell(record)) }.joined(separator: " | ") + " |"
      }
      .joined(separator: "\n") + "\n"
  }

  /// One self-contained page, styled as the region reports are. `link` gives a region's report address,
  /// where there is one to go to (the hub's pages); `banner` goes above the heading.
  static func html(
    _ records: [Record], period: ReportPeriod, countries: [Country] = [], banner: String = "",
    link: ((String) -> String)? = nil
  ) -> String {
    let escape = ReportHTMLRenderer.escape
    var rows = ""
    for record in records {
      let code = record["region"].plain
      let name = record["name"].plain
      let isNetwork = record["parent"] == .null && !code.isEmpty
      var cells = ""
      for (index, column) in columns.enumerated() {
        let text = escape(column.cell(record))
        if index == 0 {
          let shown = link.map { code.isEmpty ? text : "<a href=\"\(escape($0(code)))\">\(text)</a>" } ?? text
          cells += "<th scope=\"row\"\(isNetwork ? " class=\"network\"" : "")>\(shown)</th><td>\(escape(name))</td>"
        } else {
          cells += "<td class=\"n\">\(text)</td>"
        }
      }
      rows += "<tr>\(cells)</tr>\n"
    }
    // Headings in sentence case, which may wrap ("New cert."); the numbers do not.
    let head =
      "<th>Region</th><th>Name</th>"
      + headers.dropFirst().map {
        "<th class=\"n\">\(escape($0.0 == "NEW CERT" ? "New cert." : $0.0.prefix(1) + $0.0.dropFirst().lowercased()))</th>"
      }.joined()
    let title = "Regions side by side, \(period.title)"
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>\(escape(title))</title>
      <style>
      \(ReportHTMLRenderer.style)
      th.network { font-weight: 700; }
      td.n, th[scope=row] { white-space: nowrap; }
      @media screen { body { max-width: none; } section { overflow-x: auto; } }
      @media print { table.regions { font-size: 7.5pt; } table.regions th, table.regions td { padding: 2px; } }
      figure.world { max-width: 720px; margin: 0 0 1em; }
      </style>
      </head>
      <body>
      \(banner)<header><h1>\(escape(title))</h1><p class="sub">\(escape("\(period.from) to \(period.to)")); \
      the figures are those of each region's report; the last row is the countries outside every region.</p></header>
      \(RegionsMap.render(records, countries: countries))
      <section>
      <table class="regions">
      <thead><tr>\(head)</tr></thead>
      <tbody>
      \(rows)</tbody>
      </table>
      </section>
      <footer>Generated by psr.</footer>
      </body>
      </html>

      """
  }
}
