import Foundation
import Testing

/// `report regions --format html`: the regions side by side, with a world map of the regions shaded by open
/// cases.
@Suite struct RegionsMapTests {
  @Test func theRegionsPageHasAWorldMapOfOpenCasesWithNoBandAcrossIt() throws {
    let box = try fieldOffice()
    for title in ["ICS documents", "Buyer for the tea"] {
      _ = try box.openCase(["--type", "certification", "--title", title, "--producer", "27651"], today: "2026-11-02")
    }
    let page = try box.ok(["report", "regions", "--period", "2026-11", "--format", "html", "--today", "2026-11-26"])
    #expect(page.contains("<figure class=\"world\">"))
    #expect(page.contains("<title>Uganda: AME-ECA, 2 open</title>"))
    #expect(page.contains("<tspan class=\"code\">AME-ECA</tspan>"))
    #expect(page.contains("<title>Uganda: AME-ECA, 2 open</title>"))
    #expect(page.contains("<title>Peru: LAC-AND, 0 open</title>"))
    // Every shape falls in the frame's height, and no segment of a path crosses more than half its width
    // (a ring across the antimeridian drawn straight would band across the whole map).
    let width = 720.0
    let height = width * 142 / 360
    var paths = 0
    for match in page.matches(of: /<path[^>]* d="([^"]+)"/) {
      paths += 1
      for subpath in match.output.1.split(separator: "M") {
        let points = subpath.dropLast().split(separator: "L").compactMap { pair -> (Double, Double)? in
          let xy = pair.split(separator: ",").compactMap { Double($0) }
          return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
        for (a, b) in zip(points, points.dropFirst()) {
          #expect(abs(a.0 - b.0) <= width / 2, "a segment from \(a) to \(b)")
        }
        #expect(points.allSatisfy { $0.1 >= -1 && $0.1 <= height + 1 })
      }
    }
    #expect(paths > 150)
    // Fiji crosses the antimeridian: drawn on both sides of the frame.
    #expect(page.contains("<title>Fiji"))
  }

  @Test func theRegionsTableSaysItsPeriodAndFitsANarrowTerminal() throws {
    let box = try fieldOffice()
    let arguments = ["report", "regions", "--period", "2026-11", "--today", "2026-11-26"]
    let whole = try box.ok(arguments)
    #expect(
      whole.hasPrefix("Regions side by side, 2026-11 so far, as of 2026-11-26: 2026-11-01 to 2026-11-30\nREGION "),
      "\(whole)")
    #expect(whole.contains("WOMEN"))
    let narrow = try box.run(arguments, environment: ["COLUMNS": "80"])
    #expect(narrow.status == 0)
    let lines = narrow.stdout.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(narrow.stdout)")
    // The participants go first; the region, its visits and its cases stay.
    #expect(lines[1].hasPrefix("REGION") && lines[1].contains("VISITS") && lines[1].contains("OVERDUE"))
    #expect(!lines[1].contains("WOMEN"))
    // Saved with --output, the table says its period too.
    let file = box.folder.appendingPathComponent("regions.txt").path
    _ = try box.ok(arguments + ["--output", file])
    #expect(try String(contentsOfFile: file, encoding: .utf8) == whole)
  }
}
