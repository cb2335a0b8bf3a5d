import Foundation

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
  /// Every outline, by ISO alpha-2 code; loaded once.
  public static let outlines: [String: CountryOutline] = {
    guard let text = Embedded.files["world-110m.json"],
      let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let countries = root["countries"] as? [[String: Any]]
    else { return [:] }
    var outlines: [String: CountryOutline] = [:]
    for country in countries {
      guard let code = country["iso_a2"] as? String, code.count == 2, let rings = country["rings"] as? [[[Double]]]
      else { continue }
      let centroid = country["centroid"] as? [Double] ?? [0, 0]
      outlines[code] = CountryOutline(
        code: code, name: country["name"] as? String ?? code, continent: country["continent"] as? String ?? "",
        centroid: (centroid.first ?? 0, centroid.last ?? 0),
        rings: rings.map { ring in ring.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil } })
    }
    return outlines
  }()
}
