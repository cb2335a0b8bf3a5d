import Foundation
import Testing

/// The maps of the HTML reports checked as pictures without a browser: on the demo's data, the map of every
/// network and sub-region holds a shape or marker for each of its countries and a dot for each officer's base,
/// draws nothing outside its frame, and has no edge across more than half of it (a ring across the
/// antimeridian drawn point by point bands across the whole map). The world map of `report regions` too.
@Suite struct MapGeometryTests {
  /// What a map's SVG draws, read from the page.
  struct MapPicture {
    var width = 0.0
    var height = 0.0
    /// The map's own frame (the legend is below it).
    var frameHeight = 0.0
    var countries: Set<String> = []
    var bases: Set<String> = []
    var problems: [String] = []

    init(_ page: String, figure: String) {
      guard let start = page.range(of: "<figure class=\"\(figure)\">"),
        let end = page.range(of: "</figure>", range: start.upperBound..<page.endIndex)
      else {
        problems.append("no <figure class=\"\(figure)\"> on the page")
        return
      }
      let svg = String(page[start.upperBound..<end.lowerBound])
      if let box = svg.firstMatch(of: /viewBox="0 0 ([0-9.]+) ([0-9.]+)"/) {
        width = Double(box.output.1) ?? 0
        height = Double(box.output.2) ?? 0
      }
      // The frame: the sea's rectangle, the first one drawn.
      if let sea = svg.firstMatch(of: /<rect width="[0-9.]+%?" height="([0-9.]+)"/) {
        frameHeight = Double(sea.output.1) ?? height
      }
      for match in svg.matches(of: /<path( class="country" data-code="([A-Z]{2})")? d="([^"]+)"/) {
        if let code = match.output.2 { countries.insert(String(code)) }
        check(path: String(match.output.3), of: match.output.2.map(String.init) ?? "a neighbour")
      }
      for match in svg.matches(
        of: /<circle class="(country|base)" data-code="([A-Z]{2})" cx="([-0-9.]+)" cy="([-0-9.]+)"/)
      {
        let code = String(match.output.2)
        if match.output.1 == "base" { bases.insert(code) } else { countries.insert(code) }
        let x = Double(match.output.3) ?? -1
        let y = Double(match.output.4) ?? -1
        if !(0...width).contains(x) || !(0...frameHeight).contains(y) {
          problems.append("the \(match.output.1) marker of \(code) at \(x),\(y) is outside the frame")
        }
      }
    }

    mutating func check(path: String, of name: String) {
      for ring in path.split(separator: "M") {
        let points = ring.replacingOccurrences(of: "Z", with: "").split(separator: "L").compactMap {
          pair -> (Double, Double)? in
          let xy = pair.split(separator: ",").compactMap { Double($0) }
          return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
        for (x, y) in points where x < -0.05 || x > width + 0.05 || y < -0.05 || y > frameHeight + 0.05 {
          problems.append("\(name) has a point at \(x),\(y), outside the \(width)×\(frameHeight) frame")
          return
        }
        // Along the frame's top or bottom edge (a shape cut by the frame) a long edge is right.
        for (a, b) in zip(points, points.dropFirst() + points.prefix(1)) where abs(a.0 - b.0) > width / 2 {
          let onEdge = (abs(a.1 - b.1) < 0.05) && (a.1 < 0.05 || a.1 > frameHeight - 0.05)
          if !onEdge { problems.append("\(name) has an edge from \(a) to \(b), across half the map") }
        }
      }
    }
  }

  @Test func everyRegionsMapShowsEachCountryAndBaseInsideItsFrame() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--quiet", "--today", "2026-11-26"])
    let regions = try JSONSerialization.jsonObject(with: Data(try box.ok(["region", "list", "--format", "json"]).utf8))
    let codes = try #require(regions as? [[String: Any]]).compactMap { $0["code"] as? String }
    #expect(codes.count >= 15 && codes.contains("ASP") && codes.contains("LAC-CAR"))
    for code in codes {
      let arguments = ["report", "region", code, "--period", "2026-Q3", "--today", "2026-11-26"]
      let data = try JSONSerialization.jsonObject(with: Data(try box.ok(arguments + ["--format", "json"]).utf8))
      let report = try #require(data as? [String: Any])
      let region = try #require(report["region"] as? [String: Any])
      let countries = Set(try #require(region["countries"] as? [[String: Any]]).compactMap { $0["code"] as? String })
      let coverage = try #require(report["coverage"] as? [String: Any])
      let bases = Set(
        try #require(coverage["officers"] as? [[String: Any]]).compactMap { $0["base_country"] as? String })
      let map = MapPicture(try box.ok(arguments + ["--format", "html"]), figure: "map")
      #expect(map.problems.isEmpty, "\(code): \(map.problems.prefix(5))")
      #expect(map.width > 0 && map.frameHeight > 0 && map.frameHeight < map.height, "\(code)")
      #expect(countries.subtracting(map.countries).isEmpty, "\(code) misses \(countries.subtracting(map.countries))")
      #expect(map.countries.isSubset(of: countries), "\(code) marks \(map.countries.subtracting(countries))")
      #expect(bases.subtracting(map.bases).isEmpty, "\(code) misses the bases \(bases.subtracting(map.bases))")
      #expect(!countries.isEmpty, "\(code)")
    }
    // The world: every country of every region, in the frame, with no band.
    let world = MapPicture(
      try box.ok(["report", "regions", "--period", "2026-Q3", "--format", "html", "--today", "2026-11-26"]),
      figure: "world")
    #expect(world.problems.isEmpty, "\(world.problems.prefix(5))")
    let all = try JSONSerialization.jsonObject(with: Data(try box.ok(["country", "list", "--format", "json"]).utf8))
    let placed = Set(
      try #require(all as? [[String: Any]]).filter { ($0["region"] as? String) != nil }.compactMap {
        $0["code"] as? String
      })
    #expect(placed.count > 50)
    #expect(placed.subtracting(world.countries).isEmpty, "the world misses \(placed.subtracting(world.countries))")
  }
}
