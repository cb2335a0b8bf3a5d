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

/// Bar charts as inline SVG, sized to their data and never wider than the page's A4 column:
/// - categories (case types, readiness, age buckets): horizontal bars, each labelled in full at its left and
///   with its value at its end;
/// - months: columns along a time axis, as wide as the months allow, with the month under each (or every
///   second, third… when they are narrow) and the year under its first month.
/// Both have a value axis with round ticks. A chart whose values are all 0 is not drawn (the tables say so).
enum SVGChart {
  /// A coordinate with one decimal.
  static func f(_ value: Double) -> String { fixed(value, decimals: 1) }

  static let colors = ["#00466a", "#8bc34a", "#f2a900", "#c0392b"]
  /// The widest a chart is drawn, in CSS pixels: the A4 column (210 mm less 2 × 14 mm of margin) holds 688.
  static let maximumWidth = 660.0
  /// A generous width of one character of the charts' 8pt text, so a label is never cut.
  static let characterWidth = 6.2

  static func bars(_ chart: ReportDocument.Chart) -> String? {
    guard chart.series.contains(where: { $0.values.contains { $0 != 0 } }) else { return nil }
    let body = chart.axis == .months ? columns(chart) : rows(chart)
    var legend = ""
    if !chart.legend.isEmpty {
      legend = "<ul class=\"legend\">"
      for item in chart.legend {
        legend +=
          "<li><span class=\"swatch\" style=\"background:\(item.color)\"></span>\(ReportHTMLRenderer.escape(item.text))</li>"
      }
      legend += "</ul>"
    }
    return "<figure class=\"chart\"><figcaption>\(ReportHTMLRenderer.escape(chart.title))</figcaption>\n" + body
      + legend + "</figure>"
  }

  static func svgOpen(_ chart: ReportDocument.Chart, width: Double, height: Double) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width.rounded(.up)))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(Int(width.rounded(.up))) \(Int(height.rounded(.up)))\" role=\"img\" aria-label=\"\(ReportHTMLRenderer.escape(chart.title))\">\n"
  }

  static func textWidth(_ text: String) -> Double { Double(text.count) * characterWidth }

  /// The fill of bar `group` of `series`: the chart's own colour for the group, else the series'.
  static func fill(_ chart: ReportDocument.Chart, group: Int, series: Int) -> String {
    if let colors = chart.groupColors, group < colors.count { return colors[group] }
    return colors[series % colors.count]
  }

  /// Horizontal bars, one row of bars per group.
  static func rows(_ chart: ReportDocument.Chart) -> String {
    let seriesCount = max(chart.series.count, 1)
    let labelWidth = (chart.groups.map(textWidth).max() ?? 0) + 8
    let maximum = chart.series.flatMap(\.values).max() ?? 0
    let ticks = Ticks(maximum: maximum)
    let valueRoom = textWidth(String(ticks.top)) + 8
    let plot = 240.0
    let bar = 11.0
    let gap = 7.0
    let legendHeight = chart.series.count > 1 ? 18.0 : 0
    let top = legendHeight + 4
    let plotHeight = Double(chart.groups.count) * (Double(seriesCount) * bar + gap)
    let width = labelWidth + plot + valueRoom
    let height = top + plotHeight + 16
    func x(_ value: Int) -> Double { labelWidth + plot * Double(value) / Double(ticks.top) }
    var svg = svgOpen(chart, width: width, height: height)
    for tick in ticks.values {
      svg +=
        "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(tick == 0 ? "#9aa5ad" : "#e3e8ec")\"/>"
        + "<text x=\"\(f(x(tick)))\" y=\"\(f(top + plotHeight + 11))\" text-anchor=\"middle\">\(tick)</text>\n"
    }
    for (groupIndex, group) in chart.groups.enumerated() {
      let y0 = top + Double(groupIndex) * (Double(seriesCount) * bar + gap) + gap / 2
      svg +=
        "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y0 + Double(seriesCount) * bar / 2 + 3))\" text-anchor=\"end\">\(ReportHTMLRenderer.escape(group))</text>\n"
      for (seriesIndex, series) in chart.series.enumerated() {
        let value = groupIndex < series.values.count ? series.values[groupIndex] : 0
        let y = y0 + Double(seriesIndex) * bar
        let tip = "\(ReportHTMLRenderer.escape(group)) \(ReportHTMLRenderer.escape(series.name)): \(value)"
        svg +=
          "<rect x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(x(value) - labelWidth))\" height=\"\(f(bar - 1))\" fill=\"\(fill(chart, group: groupIndex, series: seriesIndex))\"><title>\(tip)</title></rect>"
          + "<text x=\"\(f(x(value) + 3))\" y=\"\(f(y + bar - 3))\">\(value)</text>\n"
      }
    }
    return svg + seriesLegend(chart, x: labelWidth) + "</svg>"
  }

  /// Columns along a time axis of months ("2026-07").
  static func columns(_ chart: ReportDocument.Chart) -> String {
    let count = max(chart.groups.count, 1)
    let seriesCount = max(chart.series.count, 1)
    let maximum = chart.series.flatMap(\.values).max() ?? 0
    let ticks = Ticks(maximum: maximum)
    let left = textWidth(String(ticks.top)) + 8
    let slot = min(44, max(8, (maximumWidth - left - 8) / Double(count)))
    let plotWidth = slot * Double(count)
    let legendHeight = chart.series.count > 1 ? 18.0 : 0
    let top = legendHeight + 14
    let plotHeight = 110.0
    let bottom = top + plotHeight
    let width = left + plotWidth + 8
    let height = bottom + 30
    // Every nth month named, so that names do not touch: "Jul" takes 3 characters.
    let every = Int((textWidth("Jul") + 6) / slot) + 1
    func y(_ value: Int) -> Double { bottom - plotHeight * Double(value) / Double(ticks.top) }
    var svg = svgOpen(chart, width: width, height: height)
    for tick in ticks.values {
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(tick)))\" stroke=\"\(tick == 0 ? "#9aa5ad" : "#e3e8ec")\"/>"
        + "<text x=\"\(f(left - 4))\" y=\"\(f(y(tick) + 3))\" text-anchor=\"end\">\(tick)</text>\n"
    }
    let barWidth = max(3, (slot - 4) / Double(seriesCount))
    // Values above the bars only where they fit across a bar.
    let valuesFit = barWidth >= textWidth(String(maximum)) - 1
    var lastYear = ""
    for (index, group) in chart.groups.enumerated() {
      let x0 = left + Double(index) * slot + (slot - barWidth * Double(seriesCount)) / 2
      for (seriesIndex, series) in chart.series.enumerated() {
        let value = index < series.values.count ? series.values[index] : 0
        let x = x0 + Double(seriesIndex) * barWidth
        let tip = "\(ReportHTMLRenderer.escape(group)) \(ReportHTMLRenderer.escape(series.name)): \(value)"
        svg +=
          "<rect x=\"\(f(x))\" y=\"\(f(y(value)))\" width=\"\(f(max(barWidth - 1, 2)))\" height=\"\(f(bottom - y(value)))\" fill=\"\(fill(chart, group: index, series: seriesIndex))\"><title>\(tip)</title></rect>"
        if valuesFit && value > 0 {
          svg += "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(y(value) - 3))\" text-anchor=\"middle\">\(value)</text>"
        }
        svg += "\n"
      }
      let (year, month) = monthParts(group)
      let center = left + (Double(index) + 0.5) * slot
      if index % every == 0 {
        svg += "<text x=\"\(f(center))\" y=\"\(f(bottom + 11))\" text-anchor=\"middle\">\(month)</text>"
      }
      if year != lastYear {
        // The year under its first month, kept inside the chart.
        let x = min(max(center, left + textWidth(year) / 2), width - textWidth(year) / 2)
        svg += "<text x=\"\(f(x))\" y=\"\(f(bottom + 23))\" text-anchor=\"middle\">\(year)</text>"
        lastYear = year
      }
      svg += "\n"
    }
    return svg + seriesLegend(chart, x: left) + "</svg>"
  }

  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// "2026-07" as ("2026", "Jul"); anything else as ("", itself).
  static func monthParts(_ group: String) -> (String, String) {
    let parts = group.split(separator: "-")
    guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else {
      return ("", ReportHTMLRenderer.escape(group))
    }
    return (String(parts[0]), monthNames[month - 1])
  }

  /// The series' names and colours across the top, when there is more than one.
  static func seriesLegend(_ chart: ReportDocument.Chart, x start: Double) -> String {
    guard chart.series.count > 1 else { return "" }
    var svg = ""
    var x = start
    for (index, series) in chart.series.enumerated() {
      svg +=
        "<rect x=\"\(f(x))\" y=\"4\" width=\"10\" height=\"10\" fill=\"\(colors[index % colors.count])\"/><text x=\"\(f(x + 14))\" y=\"13\">\(ReportHTMLRenderer.escape(series.name))</text>\n"
      x += 14 + textWidth(series.name) + 14
    }
    return svg
  }
}

/// Round ticks from 0 to at least `maximum`: steps of 1, 2 or 5 times a power of ten, at most five of them.
struct Ticks {
  let step: Int
  let top: Int

  init(maximum: Int) {
    let maximum = max(maximum, 1)
    var magnitude = 1
    while magnitude * 10 <= maximum { magnitude *= 10 }
    var step = magnitude
    for factor in [1, 2, 5, 10] {
      step = factor * magnitude
      if (maximum + step - 1) / step <= 5 { break }
    }
    self.step = step
    top = ((maximum + step - 1) / step) * step
  }

  var values: [Int] { Array(stride(from: 0, through: top, by: step)) }
}
