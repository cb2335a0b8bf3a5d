import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The region's map: its countries shaded by cases open at the period's end (with the count on each), its
/// neighbours in grey, officers' bases as red dots, and a legend; framed on every country of the region and
/// every base (equirectangular, corrected for latitude).
///
/// - The frame's longitudes are the shortest arc holding every country and base, so a region across the
///   antimeridian (Asia & Pacific: Uzbekistan to Samoa) is one piece; each ring is moved by 360° as a whole
///   to the frame's side (never point by point, which drew bands across the frame), and what falls outside
///   the frame is clipped.
/// - A country too small to see (São Tomé, Mauritius, the Windward Islands, Samoa) gets a marker at its label
///   point as well as its outline; every label sits at the country's label point (Natural Earth's), or beside
///   it with a leader line when it would collide with one already placed.
enum SVGMap {
  static let width = 560.0
  /// Below this many pixels across, a country's outline gets a marker too.
  static let smallShape = 12.0

  static func render(_ report: RegionReport) -> String {
    let outlines = WorldMap.mapOutlines
    let labelPoints = WorldMap.labelPoints
    let countries = report.countries.map(\.code)
    let regionCodes = Set(countries)
    let bases = Dictionary(grouping: report.coverage.officers, by: \.baseCountry)
    // Where each country's label goes: Natural Earth's label point, else the outline's centroid.
    func anchor(_ code: String) -> (Double, Double)? {
      labelPoints[code].map { ($0.longitude, $0.latitude) }
        ?? outlines[code].map { ($0.centroid.longitude, $0.centroid.latitude) }
    }
    let anchors = (countries + bases.keys.sorted()).compactMap(anchor)
    guard !anchors.isEmpty else {
      return "<p class=\"note\">No map: the region's countries have no place in the shipped map.</p>"
    }
    let center = centerLongitude(anchors.map(\.0))
    // The frame: every ring of the region's countries (each moved to the frame's side), every label point
    // and every base.
    var box = Box()
    for code in countries {
      for ring in outlines[code]?.rings ?? [] {
        let shift = shift(of: ring, near: center)
        for (lon, lat) in ring { box.add(lon + shift, lat) }
      }
    }
    for (lon, lat) in anchors { box.add(unwrap(lon, near: center), lat) }
    let pad = max(2, 0.08 * max(box.maxLon - box.minLon, box.maxLat - box.minLat))
    box.pad(pad)
    let scaleX = cos((box.minLat + box.maxLat) / 2 * .pi / 180)
    let mapHeight = min(420, max(200, width * (box.maxLat - box.minLat) / max((box.maxLon - box.minLon) * scaleX, 1)))
      .rounded()
    let projection = Projection(box: box, width: width, height: mapHeight, center: center)

    let open = Dictionary(
      uniqueKeysWithValues: report.byCountry.compactMap { row in row.key.map { ($0, row.casesOpen) } })
    let scale = ColourScale(maximum: open.values.max() ?? 0)
    let legendHeight = 34.0
    var svg = """
      <figure class="map"><figcaption>Cases open \(ReportDocument.atEnd(report.period)) by country</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(mapHeight + legendHeight))" viewBox="0 0 \(Int(width)) \(Int(mapHeight + legendHeight))" role="img" aria-label="Map of \(ReportHTMLRenderer.escape(report.region.name))">
      <clipPath id="frame"><rect width="\(Int(width))" height="\(Int(mapHeight))"/></clipPath>
      <g clip-path="url(#frame)">
      <rect width="100%" height="\(Int(mapHeight))" fill="#eaf3f8"/>

      """
    var sizes: [String: Double] = [:]
    for outline in outlines.values.sorted(by: { $0.code < $1.code }) where outline.code != "AQ" {
      let inRegion = regionCodes.contains(outline.code)
      var path = ""
      // How big the country looks: its largest piece (Mauritius's islands far apart are each a speck).
      var largest = 0.0
      for ring in outline.rings where ring.count > 2 {
        let shift = shift(of: ring, near: center)
        let projected = ring.map { projection.point($0.0 + shift, $0.1) }
        let ringBox = Box(projected)
        guard ringBox.intersects(width: width, height: mapHeight) else { continue }
        let points = FrameClip.clip(projected, width: width, height: mapHeight)
        guard !points.isEmpty else { continue }
        largest = max(largest, ringBox.maxLon - ringBox.minLon, ringBox.maxLat - ringBox.minLat)
        path += "M" + points.map { "\(SVGChart.f($0.0)),\(SVGChart.f($0.1))" }.joined(separator: "L") + "Z"
      }
      if path.isEmpty { continue }
      var title = outline.name
      let fill: String
      if inRegion {
        let count = open[outline.code] ?? 0
        fill = scale.colour(count)
        title += ": \(count) open case\(count == 1 ? "" : "s")"
        sizes[outline.code] = largest
      } else {
        fill = "#d9dee2"
      }
      svg +=
        "<path\(inRegion ? " class=\"country\" data-code=\"\(outline.code)\"" : "") d=\"\(path)\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.6\"><title>\(ReportHTMLRenderer.escape(title))</title></path>\n"
    }
    svg += "</g>\n"
    // Markers for the region's countries too small to see, or with no outline.
    var labels = LabelPlacer(width: width, height: mapHeight)
    // Each base's dot just right of its country's label point, where no label may go.
    var baseDots = ""
    for (code, officers) in bases.sorted(by: { $0.key < $1.key }) {
      guard let (lon, lat) = anchor(code) else { continue }
      let (x, y) = projection.point(unwrap(lon, near: center), lat)
      let tip = officers.map { "\($0.name) (\(code))" }.joined(separator: ", ")
      labels.block(x: x + 13, y: y + 3, radius: 5)
      baseDots +=
        "<circle class=\"base\" data-code=\"\(code)\" cx=\"\(SVGChart.f(x + 13))\" cy=\"\(SVGChart.f(y + 3))\" r=\"4\" fill=\"#d62020\" stroke=\"#ffffff\"><title>\(ReportHTMLRenderer.escape(tip))</title></circle>\n"
    }
    let names = Dictionary(uniqueKeysWithValues: report.countries.map { ($0.code, $0.name) })
    let ordered = countries.sorted { (sizes[$0] ?? 0, $1) > (sizes[$1] ?? 0, $0) }
    for code in ordered {
      guard let (lon, lat) = anchor(code) else { continue }
      let (x, y) = projection.point(unwrap(lon, near: center), lat)
      let count = open[code] ?? 0
      let fill = scale.colour(count)
      let small = (sizes[code] ?? 0) < smallShape
      if small {
        svg +=
          "<circle class=\"country\" data-code=\"\(code)\" cx=\"\(SVGChart.f(x))\" cy=\"\(SVGChart.f(y))\" r=\"5\" fill=\"\(fill)\" stroke=\"#33414c\" stroke-width=\"1\"><title>\(ReportHTMLRenderer.escape("\(names[code] ?? code): \(count) open case\(count == 1 ? "" : "s")"))</title></circle>\n"
        labels.block(x: x, y: y, radius: 6)
      }
      // A label sits on its country's fill only where the shape is wider than the label; else it has a halo.
      let onShape = (sizes[code] ?? 0) >= 30
      svg += labels.place(
        code: code, count: count, x: x, y: y, fill: onShape ? (scale.isDark(fill) ? .dark : .light) : nil,
        beside: small)
    }
    svg += baseDots
    svg += scale.legend(y: mapHeight + 8)
    return svg + "</svg></figure>"
  }

  /// The middle of the shortest arc of longitudes holding all of `lons`: the complement of the widest gap.
  static func centerLongitude(_ lons: [Double]) -> Double {
    let sorted = lons.map { $0 < -180 ? $0 + 360 : $0 >= 180 ? $0 - 360 : $0 }.sorted()
    guard sorted.count > 1 else { return sorted.first ?? 0 }
    var widest = (gap: sorted[0] + 360 - sorted[sorted.count - 1], end: sorted[0])
    for (a, b) in zip(sorted, sorted.dropFirst()) where b - a > widest.gap { widest = (b - a, b) }
    let start = widest.end
    let span = 360 - widest.gap
    return start + span / 2
  }

  /// How far to move a whole ring, by 0 or ±360°, to bring it nearest `center`.
  static func shift(of ring: [(Double, Double)], near center: Double) -> Double {
    let mean = ring.map(\.0).reduce(0, +) / Double(max(ring.count, 1))
    return unwrap(mean, near: center) - mean
  }

  /// A longitude moved by 360° to the side of `reference`, for shapes across the antimeridian.
  static func unwrap(_ lon: Double, near reference: Double) -> Double {
    var lon = lon
    while lon - reference > 180 { lon -= 360 }
    while reference - lon > 180 { lon += 360 }
    return lon
  }
}

/// A box of longitudes and latitudes, or of pixels.
struct Box {
  var minLon = Double.infinity
  var maxLon = -Double.infinity
  var minLat = Double.infinity
  var maxLat = -Double.infinity

  init() {}
  init(_ points: [(Double, Double)]) { for point in points { add(point.0, point.1) } }

  mutating func add(_ lon: Double, _ lat: Double) {
    minLon = min(minLon, lon)
    maxLon = max(maxLon, lon)
    minLat = min(minLat, lat)
    maxLat = max(maxLat, lat)
  }

  mutating func pad(_ pad: Double) {
    minLon -= pad
    maxLon += pad
    minLat -= pad
    maxLat += pad
  }

  /// For a box of pixels: whether it overlaps the frame.
  func intersects(width: Double, height: Double) -> Bool {
    maxLon >= 0 && minLon <= width && maxLat >= 0 && minLat <= height
  }
}

/// Longitude and latitude to pixels, the frame's longitudes unwrapped around its center.
struct Projection {
  let box: Box
  let width: Double
  let height: Double
  let center: Double

  func point(_ lon: Double, _ lat: Double) -> (Double, Double) {
    ((lon - box.minLon) / (box.maxLon - box.minLon) * width, (box.maxLat - lat) / (box.maxLat - box.minLat) * height)
  }
}
