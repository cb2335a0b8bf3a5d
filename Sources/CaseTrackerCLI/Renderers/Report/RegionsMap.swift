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
    let scale = ColourScale(maximum: maximum)
    let legendHeight = 30.0
    var svg = """
      <figure class="world"><figcaption>Cases open \(ReportHTMLRenderer.escape(atEnd(records))) by region; \
      grey: outside every region shown</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height + legendHeight))" width="100%" \
      role="img" aria-label="World map of the regions by open cases">
      <rect width="\(Int(width))" height="\(Int(height))" fill="#eaf3f8"/>

      """
    let outlines = WorldMap.mapOutlines
    var small: [String] = []
    for outline in outlines.values.sorted(by: { $0.code < $1.code }) where outline.code != "AQ" {
      let region = regionOf[outline.code]
      let fill = region.map { scale.colour(open[$0] ?? 0) } ?? "#d9dee2"
      let title = region.map { "\(outline.name): \($0), \(open[$0] ?? 0) open" } ?? outline.name
      let (d, largest) = path(outline)
      if d.isEmpty { continue }
      if region != nil && largest < smallShape { small.append(outline.code) }
      let code = region != nil ? " class=\"country\" data-code=\"\(outline.code)\"" : ""
      svg +=
        "<path\(code) d=\"\(d)\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.4\"><title>\(ReportHTMLRenderer.escape(title))</title></path>\n"
    }
    // A marker for each country of a region shown too small to see at this scale, in its region's colour.
    for code in small + regionOf.keys.filter({ outlines[$0] == nil }).sorted() {
      guard let region = regionOf[code], let point = WorldMap.labelPoints[code] ?? outlines[code]?.centroid
      else { continue }
      let (x, y) = project(point.longitude, point.latitude)
      let name = outlines[code]?.name ?? code
      svg +=
        "<circle class=\"country\" data-code=\"\(code)\" cx=\"\(SVGChart.f(x))\" cy=\"\(SVGChart.f(y))\" r=\"2.5\" fill=\"\(scale.colour(open[region] ?? 0))\" stroke=\"#33414c\" stroke-width=\"0.6\"><title>\(ReportHTMLRenderer.escape("\(name): \(region), \(open[region] ?? 0) open"))</title></circle>\n"
    }
    // Labels at the middle of each region's countries (beside it, with a leader line, when that spot is taken),
    // a white halo under dark text.
    var members: [String: [(Double, Double)]] = [:]
    for (code, region) in regionOf {
      if let outline = WorldMap.outlines[code] { members[region, default: []].append(outline.centroid) }
    }
    var labels = LabelPlacer(width: width, height: height)
    for (region, points) in members.sorted(by: { $0.key < $1.key }) {
      let lon = points.map(\.0).reduce(0, +) / Double(points.count)
      let lat = points.map(\.1).reduce(0, +) / Double(points.count)
      let (x, y) = project(lon, lat)
      svg += labels.place(
        code: ReportHTMLRenderer.escape(region), count: open[region] ?? 0, x: x, y: y, fill: nil, beside: false)
    }
    return svg + scale.legend(y: height + 8, bases: false) + "</svg></figure>"
  }

  /// Below this many pixels across, a country gets a marker too.
  static let smallShape = 3.0

  /// The outline's rings as one SVG path, cut to the frame, and the size of its largest piece in pixels; a
  /// ring across the antimeridian is made continuous, and drawn again 360° over when it reaches past the
  /// frame's edge.
  static func path(_ outline: CountryOutline) -> (String, Double) {
    var path = ""
    var largest = 0.0
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
        let projected = zip(lons, lats).map { lon, lat in project(lon + shift, lat) }
        let points = FrameClip.clip(projected, width: width, height: height)
        guard !points.isEmpty else { continue }
        let box = Box(points)
        largest = max(largest, box.maxLon - box.minLon, box.maxLat - box.minLat)
        path += "M" + points.map { "\(SVGChart.f($0.0)),\(SVGChart.f($0.1))" }.joined(separator: "L") + "Z"
      }
    }
    return (path, largest)
  }

  static func project(_ lon: Double, _ lat: Double) -> (Double, Double) {
    ((lon + 180) / 360 * width, (north - lat) / (north - south) * height)
  }

  private static func atEnd(_ records: [Record]) -> String {
    let asOf = records.first?["as_of"].plain ?? ""
    return asOf.isEmpty ? "at the period's end" : "on \(asOf)"
  }
}
