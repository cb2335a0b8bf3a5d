#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Country outlines for the report's map: Natural Earth 1:110m Admin 0 (public domain), [longitude,
/// latitude] rounded to 0.1°, shipped in the binary.
public struct CountryOutline: Sendable {
  public let code: String
  public let name: String
  /// Natural Earth's continent, such as "South America".
  public let continent: String
  public let centroid: (longitude: Double, latitude: Double)
  /// Closed rings of (longitude, latitude).
  public let rings: [[(Double, Double)]]
}

public enum WorldMap {
  /// Every outline of Natural Earth 1:110m, by ISO alpha-2 code; loaded once.
  public static let outlines: [String: CountryOutline] = load("world-110m.json")

  /// The outlines maps draw: 1:110m, with the island states it lacks (Dominica, St Lucia, St Vincent,
  /// Mauritius, São Tomé, Samoa) from Natural Earth 1:10m, simplified to 0.01°.
  public static let mapOutlines: [String: CountryOutline] = outlines.merging(load("small-countries-10m.json")) {
    old, _ in old
  }

  /// Natural Earth's label point of 239 countries (1:10m), where a country's label or marker goes.
  public static let labelPoints: [String: (longitude: Double, latitude: Double)] = {
    guard let text = Embedded.files["country-label-points.csv"] else { return [:] }
    var points: [String: (longitude: Double, latitude: Double)] = [:]
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      // code,name,label_lon,label_lat; a name may hold a comma, so the numbers are taken from the end.
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count >= 4, let lon = Double(fields[fields.count - 2]), let lat = Double(fields[fields.count - 1])
      else { continue }
      points[String(fields[0])] = (lon, lat)
    }
    return points
  }()

  /// One country of a Natural Earth file as psr ships it; a field of another type makes the whole file unread.
  private struct Entry: Decodable {
    let code: String?
    let name: String?
    let continent: String?
    let centroid: [Double]?
    let rings: [[[Double]]]?

    enum CodingKeys: String, CodingKey {
      case code = "iso_a2"
      case name, continent, centroid, rings
    }
  }

  private struct File: Decodable {
    let countries: [Entry]
  }

  private static func load(_ name: String) -> [String: CountryOutline] {
    guard let text = Embedded.files[name], let file = try? JSONDecoder().decode(File.self, from: Data(text.utf8))
    else { return [:] }
    var outlines: [String: CountryOutline] = [:]
    for country in file.countries {
      guard let code = country.code, code.count == 2, let rings = country.rings else { continue }
      let centroid = country.centroid ?? [0, 0]
      outlines[code] = CountryOutline(
        code: code, name: country.name ?? code, continent: country.continent ?? "",
        centroid: (centroid.first ?? 0, centroid.last ?? 0),
        rings: rings.map { ring in ring.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil } })
    }
    return outlines
  }
}
