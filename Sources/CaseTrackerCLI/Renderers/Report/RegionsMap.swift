import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `report regions --format html`'s map: the world, each country shaded by the cases open at the period's end
/// in the region shown for it (its sub-region's row, else its network's), each region's code and count at the
/// middle of its countries. Equirectangular, Antarctica left out; a shape across the antimeridian (Fiji,
/// Russia's far east) is drawn whole on one side and again 360° over, and the frame clips what falls outside.
enum RegionsMap {
  static let width = 720.0
  static let north = 84.0
  static let south = -58.0
  static var height: Double { width * (north - south) / 360 }

  static func render(_ records: [Record], countries: [Country]) -> String {
    var open: [String: Int] = [:]
    for record in records where record["region"] != .null {
      if case .int(let count) = record["cases_open_at_end"] { open[record["region"].plain] = count }
    }
    guard !open.isEmpty, !countries.isEmpty else { return "" }
    let outlines = WorldMap.outlines
    let maximum = max(open.values.max() ?? 0, 1)
    // Each country's region on the map: the row shown for its sub-region, else for its network.
    var regionOf: [String: String] = [:]
    for country in countries {
      if let region = country.region, open[region] != nil {
        regionOf[country.code] = region
      } else if let network = country.network, open[network] != nil {
        regionOf[country.code] = network
      }
    }
    var svg = """
      <figure class="world"><figcaption>Cases open \(ReportHTMLRenderer.escape(atEnd(records))) by region; \
      darker: more open cases; grey: outside every region shown</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" \
      role="img" aria-label="World map of the regions by open cases">
      <rect width="100%" height="100%" fill="#eaf3f8"/>

      """
    for outline in outlines.values.sorted(by: { $0.code < $1.code }) where outline.code != "AQ" {
      let region = regionOf[outline.code]
      let fill = region.map { SVGMap.shade(open[$0] ?? 0, maximum) } ?? "#d9dee2"
      let title = region.map { "\(outline.name): \($0), \(open[$0] ?? 0) open" } ?? outline.name
      svg +=
        "<path d=\"\(path(outline))\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.4\"><title>\(ReportHTMLRenderer.escape(title))</title></path>\n"
    }
    // Labels at the middle of each region's countries, a white halo under dark text.
    var members: [String: [(Double, Double)]] = [:]
    for (code, region) in regionOf {
      if let outline = outlines[code] { members[region, default: []].append(outline.centroid) }
    }
    for (region, points) in members.sorted(by: { $0.key < $1.key }) {
      let lon = points.map(\.0).reduce(0, +) / Double(points.count)
      let lat = points.map(\.1).reduce(0, +) / Double(points.count)
      let (x, y) = project(lon, lat)
      let label = ReportHTMLRenderer.escape("\(region) \(open[region] ?? 0)")
      svg +=
        "<text x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y))\" text-anchor=\"middle\" font-size=\"11\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" fill=\"#1d2b36\">\(label)</text>\n"
    }
    return svg + "</svg></figure>"
  }

  /// The outline's rings as one SVG path; a ring across the antimeridian is made continuous, and drawn again
  /// 360° over when it reaches past the frame's edge.
  static func path(_ outline: CountryOutline) -> String {
    var path = ""
    for ring in outline.rings where ring.count > 2 {
      var lons: [Double] = []
      for (index, (lon, _)) in ring.enumerated() {
        lons.append(index == 0 ? lon : SVGMap.unwrap(lon, near: lons[index - 1]))
      }
      let lats = ring.map(\.1)
      var shifts: [Double] = [0]
      if lons.contains(where: { $0 > 180 }) { shifts.append(-360) }
      if lons.contains(where: { $0 < -180 }) { shifts.append(360) }
      for shift in shifts {
        path +=
          "M"
          + zip(lons, lats).map { lon, lat in
            let (x, y) = project(lon + shift, lat)
            return "\(SVGChart.f(x)),\(SVGChart.f(y))"
          }.joined(separator: "L") + "Z"
      }
    }
    return path
  }

  static func project(_ lon: Double, _ lat: Double) -> (Double, Double) {
    ((lon + 180) / 360 * width, (north - lat) / (north - south) * height)
  }

  private static func atEnd(_ records: [Record]) -> String {
    let asOf = records.first?["as_of"].plain ?? ""
    return asOf.isEmpty ? "at the period's end" : "on \(asOf)"
  }
}
