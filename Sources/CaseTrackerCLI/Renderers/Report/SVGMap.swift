import CaseTracker
import Foundation

/// The region's map: its countries shaded by cases open at the period's end, neighbours in grey,
/// officers' bases as red dots, framed on the region (equirectangular, corrected for latitude).
enum SVGMap {
  static func render(_ report: RegionReport) -> String {
    let outlines = WorldMap.outlines
    let regionCodes = Set(report.countries.map(\.code))
    let shapes = regionCodes.compactMap { outlines[$0] }
    guard !shapes.isEmpty else {
      return "<p class=\"note\">No map: the region's countries have no outline in the shipped map.</p>"
    }
    // Frame: the region's outlines, padded. Rings crossing the antimeridian (Fiji) use their centroid side.
    var minLon = 180.0
    var maxLon = -180.0
    var minLat = 90.0
    var maxLat = -90.0
    for shape in shapes {
      for ring in shape.rings {
        for (lon, lat) in ring {
          let lon = unwrap(lon, near: shape.centroid.longitude)
          minLon = min(minLon, lon)
          maxLon = max(maxLon, lon)
          minLat = min(minLat, lat)
          maxLat = max(maxLat, lat)
        }
      }
    }
    let pad = max(2, 0.08 * max(maxLon - minLon, maxLat - minLat))
    minLon -= pad
    maxLon += pad
    minLat -= pad
    maxLat += pad
    let midLon = (minLon + maxLon) / 2
    let scaleX = cos((minLat + maxLat) / 2 * .pi / 180)
    let width = 560.0
    let height = min(420, max(200, width * (maxLat - minLat) / max((maxLon - minLon) * scaleX, 1)))
    func point(_ lon: Double, _ lat: Double) -> (Double, Double) {
      let lon = unwrap(lon, near: midLon)
      let x = (lon - minLon) / (maxLon - minLon) * width
      let y = (maxLat - lat) / (maxLat - minLat) * height
      return (x, y)
    }
    let open = Dictionary(
      uniqueKeysWithValues: report.byCountry.compactMap { row in row.key.map { ($0, row.casesOpen) } })
    let maximum = max(open.values.max() ?? 0, 1)
    var svg = """
      <figure><figcaption>Cases open \(ReportDocument.atEnd(report.period)) by country; red dots: officers' bases</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="Map of \(ReportHTMLRenderer.escape(report.region.name))">
      <rect width="100%" height="100%" fill="#eaf3f8"/>

      """
    for outline in outlines.values.sorted(by: { $0.code < $1.code }) {
      let inRegion = regionCodes.contains(outline.code)
      let path = outline.rings.map { ring -> String in
        let points = ring.map { point($0.0, $0.1) }
        guard points.contains(where: { $0.0 > -width && $0.0 < 2 * width && $0.1 > -height && $0.1 < 2 * height })
        else {
          return ""
        }
        return "M" + points.map { "\(SVGChart.f($0.0)),\(SVGChart.f($0.1))" }.joined(separator: "L") + "Z"
      }.joined()
      if path.isEmpty { continue }
      let fill: String
      var title = outline.name
      if inRegion {
        let count = open[outline.code] ?? 0
        fill = shade(count, maximum)
        title += ": \(count) open case\(count == 1 ? "" : "s")"
      } else {
        fill = "#d9dee2"
      }
      svg +=
        "<path d=\"\(path)\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.6\"><title>\(ReportHTMLRenderer.escape(title))</title></path>\n"
    }
    for outline in shapes.sorted(by: { $0.code < $1.code }) {
      let (x, y) = point(outline.centroid.longitude, outline.centroid.latitude)
      svg += "<text x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y))\" text-anchor=\"middle\">\(outline.code)</text>\n"
    }
    for officer in report.coverage.officers {
      guard let base = outlines[officer.baseCountry] else { continue }
      let (x, y) = point(base.centroid.longitude, base.centroid.latitude)
      guard x >= 0, x <= width, y >= 0, y <= height else { continue }
      let tip = "\(ReportHTMLRenderer.escape(officer.name)) (\(officer.baseCountry))"
      svg +=
        "<circle cx=\"\(SVGChart.f(x))\" cy=\"\(SVGChart.f(y + 7))\" r=\"4.5\" fill=\"#d62020\" stroke=\"#ffffff\"><title>\(tip)</title></circle>\n"
    }
    return svg + "</svg></figure>"
  }

  /// A longitude moved by 360° to the side of `reference`, for shapes across the antimeridian.
  static func unwrap(_ lon: Double, near reference: Double) -> Double {
    if lon - reference > 180 { return lon - 360 }
    if reference - lon > 180 { return lon + 360 }
    return lon
  }

  /// Light to dark blue-green by share of the maximum; white-ish for none.
  static func shade(_ count: Int, _ maximum: Int) -> String {
    guard count > 0 else { return "#f4f7e9" }
    let share = Double(count) / Double(maximum)
    let light = (r: 200.0, g: 230.0, b: 160.0)
    let dark = (r: 0.0, g: 90.0, b: 110.0)
    func mix(_ a: Double, _ b: Double) -> Int { Int(a + (b - a) * share) }
    return String(format: "#%02x%02x%02x", mix(light.r, dark.r), mix(light.g, dark.g), mix(light.b, dark.b))
  }
}
