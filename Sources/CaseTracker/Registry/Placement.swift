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

/// Countries that belong to no sub-region: the warnings that name them, and the sub-region such a country
/// most likely belongs in. A record in such a country is kept, but no region's report counts it (the
/// reports count it apart, "outside every region"), so every command that puts one there says so.
enum Placement {
  /// How far apart two countries' centroids may be for the one's sub-region to be suggested for the other.
  /// Far enough for Venezuela to take Colombia's; not so far that the United States would take Mexico's.
  static let nearbyKilometres = 1_000.0

  /// The sub-region of the nearest country of `placed` on the same continent (Natural Earth's), when its
  /// centroid is within `nearbyKilometres` of `code`'s; nil otherwise, and for a country too small for the
  /// 1:110m map. A country with nothing placed near it gets no guess: a wrong region is worse than none.
  static func suggestedRegion(for code: String, among placed: [Country]) -> String? {
    let outlines = WorldMap.outlines
    guard let outline = outlines[code] else { return nil }
    var best: (distance: Double, region: String)?
    for country in placed {
      guard let region = country.region, let other = outlines[country.code], other.continent == outline.continent
      else { continue }
      let distance = kilometres(outline.centroid, other.centroid)
      if distance <= nearbyKilometres, distance < best?.distance ?? .infinity { best = (distance, region) }
    }
    return best?.region
  }

  /// The great-circle distance between two points of (longitude, latitude) in degrees.
  static func kilometres(
    _ a: (longitude: Double, latitude: Double), _ b: (longitude: Double, latitude: Double)
  ) -> Double {
    let radians = Double.pi / 180
    let (lat1, lat2) = (a.latitude * radians, b.latitude * radians)
    let cosine = sin(lat1) * sin(lat2) + cos(lat1) * cos(lat2) * cos((a.longitude - b.longitude) * radians)
    return 6371 * acos(min(1, max(-1, cosine)))
  }

  /// The command that places `code` in `region`, or in a region to choose when there is no suggestion.
  static func command(_ code: String, _ region: String?) -> String {
    "psr country set-region \(code) \(region ?? "REGION")"
  }

  /// The warning for one record put in `country`, which belongs to no region.
  static func warning(for country: Country, suggesting region: String?) -> String {
    "\(country.code) (\(country.name)) belongs to no region, so no region's report counts it; place it with: "
      + command(country.code, region)
      + (region == nil ? " (see 'psr region list')" : "")
  }

  /// The one warning for an import whose rows name countries of no region: each country once with its row
  /// count, most rows first (at most `listed` of them); nil when there are none.
  static func importWarning(
    _ counts: [(country: Country, rows: Int)], suggesting region: String?, listed: Int = 10
  ) -> String? {
    guard !counts.isEmpty else { return nil }
    let sorted = counts.sorted { ($1.rows, $0.country.code) < ($0.rows, $1.country.code) }
    let total = counts.reduce(0) { $0 + $1.rows }
    func rows(_ n: Int) -> String { n == 1 ? "1 row" : "\(n) rows" }
    var list = sorted.prefix(listed).map { "\($0.country.code) (\($0.country.name)) \(rows($0.rows))" }
    if sorted.count > listed { list.append("and \(sorted.count - listed) more countries") }
    let subject =
      total == 1
      ? "1 row is in a country"
      : counts.count == 1 ? "\(total) rows are in a country" : "\(total) rows are in countries"
    let place =
      counts.count == 1
      ? "place it with: " + command(sorted[0].country.code, region)
        + (region == nil ? " (see 'psr region list')" : "")
      : "place them with: psr country set-region CODE REGION (see 'psr region list')"
    return
      "\(subject) that belong\(counts.count == 1 ? "s" : "") to no region: \(list.joined(separator: ", ")); \(place)"
  }
}
