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

/// The map's colours for open-case counts: none, then up to four classes of equal width up to the largest,
/// with a legend that gives each class's numbers.
struct ColourScale {
  static let none = "#f4f7e9"
  static let steps = ["#c8e6a0", "#74bd9c", "#2b8a96", "#00566b"]
  /// The first count of each class after none.
  let starts: [Int]
  let maximum: Int

  init(maximum: Int) {
    self.maximum = maximum
    let classes = min(Self.steps.count, maximum)
    starts = (0..<classes).map { index in 1 + (maximum * index) / max(classes, 1) }
  }

  func colour(_ count: Int) -> String {
    guard count > 0, let index = starts.lastIndex(where: { $0 <= count }) else { return Self.none }
    return Self.steps[Self.steps.count - starts.count + index]
  }

  /// Whether text on `fill` should be light (its relative luminance, WCAG, under 0.3).
  func isDark(_ fill: String) -> Bool { Self.luminance(fill) < 0.3 }

  static func luminance(_ hex: String) -> Double {
    let digits = hex.dropFirst()
    guard digits.count == 6, let value = Int(digits, radix: 16) else { return 1 }
    func channel(_ shift: Int) -> Double {
      let c = Double((value >> shift) & 0xFF) / 255
      return c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
  }

  /// Swatches with their numbers, then the base dot (on a region's map) and the grey of what is outside.
  func legend(y: Double, bases: Bool = true) -> String {
    var items: [(fill: String, label: String, dot: Bool)] = [(Self.none, "0", false)]
    for (index, start) in starts.enumerated() {
      let end = index + 1 < starts.count ? starts[index + 1] - 1 : maximum
      items.append((colour(start), start == end ? "\(start)" : "\(start)–\(end)", false))
    }
    if bases { items.append(("#d62020", "officer's base", true)) }
    items.append(("#d9dee2", "outside the region", false))
    var svg = "<g class=\"legend\"><text x=\"0\" y=\"\(SVGChart.f(y + 10))\">Open cases:</text>\n"
    var x = 62.0
    for item in items {
      if item.dot {
        svg +=
          "<circle cx=\"\(SVGChart.f(x + 6))\" cy=\"\(SVGChart.f(y + 7))\" r=\"4\" fill=\"\(item.fill)\" stroke=\"#ffffff\"/>"
      } else {
        svg +=
          "<rect x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y + 1))\" width=\"12\" height=\"12\" fill=\"\(item.fill)\" stroke=\"#8a969e\" stroke-width=\"0.5\"/>"
      }
      svg += "<text x=\"\(SVGChart.f(x + 16))\" y=\"\(SVGChart.f(y + 10))\">\(item.label)</text>\n"
      x += 16 + Double(item.label.count) * 5.2 + 12
    }
    return svg + "</g>\n"
  }
}

/// Places the map's labels (a country's code over its open-case count) at the country's label point, or
/// beside it with a leader line when that spot is taken or the country is a marker; never two on one spot.
struct LabelPlacer {
  let width: Double
  let height: Double
  private var taken: [(x: Double, y: Double, w: Double, h: Double)] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// Keeps a marker's spot free of labels.
  mutating func block(x: Double, y: Double, radius: Double) {
    taken.append((x - radius, y - radius, 2 * radius, 2 * radius))
  }

  /// What a label in place sits on: a dark or light fill, or (nil) the sea or another country, when it gets
  /// a halo.
  enum Ground { case dark, light }

  mutating func place(code: String, count: Int, x: Double, y: Double, fill: Ground?, beside: Bool) -> String {
    let w = max(13, Double(code.count) * 5.6, Double(String(count).count) * 5.2) + 2
    let h = 19.0
    var candidates: [(Double, Double)] = beside ? [] : [(x, y)]
    for distance in [14.0, 22, 32, 44] {
      for (dx, dy) in [(1.0, 0.0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)] {
        candidates.append((x + dx * (distance + w / 2), y + dy * (distance + h / 2 - 4)))
      }
    }
    let fits = { (cx: Double, cy: Double) -> Bool in
      let box = (x: cx - w / 2, y: cy - h / 2, w: w, h: h)
      guard box.x >= 1, box.y >= 1, box.x + w <= width - 1, box.y + h <= height - 1 else { return false }
      return !taken.contains { other in
        box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h
      }
    }
    let spot = candidates.first(where: fits) ?? candidates.last ?? (x, y)
    taken.append((spot.0 - w / 2, spot.1 - h / 2, w, h))
    let moved = spot.0 != x || spot.1 != y
    var svg = ""
    if moved {
      svg +=
        "<line class=\"leader\" x1=\"\(SVGChart.f(x))\" y1=\"\(SVGChart.f(y))\" x2=\"\(SVGChart.f(spot.0))\" y2=\"\(SVGChart.f(spot.1))\" stroke=\"#33414c\" stroke-width=\"0.7\"/>"
    }
    let style = moved || fill == nil ? "label halo" : fill == .dark ? "label light" : "label"
    svg +=
      "<text class=\"\(style)\" x=\"\(SVGChart.f(spot.0))\" y=\"\(SVGChart.f(spot.1 - 1))\" text-anchor=\"middle\"><tspan class=\"code\">\(code)</tspan><tspan x=\"\(SVGChart.f(spot.0))\" dy=\"9\">\(count)</tspan></text>\n"
    return svg
  }
}

/// A ring of pixels cut to the frame (Sutherland–Hodgman): what lies outside `width` × `height` is left out,
/// so no coordinate falls outside the picture and no edge crosses it (a ring is convex-clipped against each
/// side in turn; where a shape leaves the frame its outline follows the frame's edge).
enum FrameClip {
  static func clip(_ ring: [(Double, Double)], width: Double, height: Double) -> [(Double, Double)] {
    var points = ring
    let sides: [(inside: ((Double, Double)) -> Bool, cross: ((Double, Double), (Double, Double)) -> (Double, Double))] =
      [
        ({ $0.0 >= 0 }, { a, b in (0, a.1 + (b.1 - a.1) * (0 - a.0) / (b.0 - a.0)) }),
        ({ $0.0 <= width }, { a, b in (width, a.1 + (b.1 - a.1) * (width - a.0) / (b.0 - a.0)) }),
        ({ $0.1 >= 0 }, { a, b in (a.0 + (b.0 - a.0) * (0 - a.1) / (b.1 - a.1), 0) }),
        ({ $0.1 <= height }, { a, b in (a.0 + (b.0 - a.0) * (height - a.1) / (b.1 - a.1), height) }),
      ]
    for side in sides {
      guard let last = points.last else { return [] }
      var kept: [(Double, Double)] = []
      kept.reserveCapacity(points.count + 4)
      var previous = last
      for point in points {
        switch (side.inside(point), side.inside(previous)) {
        case (true, true): kept.append(point)
        case (true, false):
          kept.append(side.cross(previous, point))
          kept.append(point)
        case (false, true): kept.append(side.cross(previous, point))
        case (false, false): break
        }
        previous = point
      }
      points = kept
    }
    return points.count > 2 ? points : []
  }
}
