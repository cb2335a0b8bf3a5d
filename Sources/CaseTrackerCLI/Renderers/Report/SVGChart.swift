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

/// Grouped bar charts as inline SVG, with each bar's value written above it.
enum SVGChart {
  /// A coordinate with one decimal.
  static func f(_ value: Double) -> String { fixed(value, decimals: 1) }

  static let colors = ["#00466a", "#8bc34a", "#f2a900", "#c0392b"]

  static func bars(_ chart: ReportDocument.Chart) -> String {
    let groupCount = max(chart.groups.count, 1)
    let seriesCount = max(chart.series.count, 1)
    let barWidth = 14.0
    let groupWidth = Double(seriesCount) * barWidth + 14
    let width = max(220, 40 + Double(groupCount) * groupWidth)
    let height = 170.0
    // Room above the tallest bar for its value, and for the legend when there is one.
    let top = chart.series.count > 1 ? 34.0 : 22.0
    let bottom = height - 40
    let maximum = max(chart.series.flatMap(\.values).max() ?? 0, 1)
    var svg = """
      <figure><figcaption>\(ReportHTMLRenderer.escape(chart.title))</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(ReportHTMLRenderer.escape(chart.title))">
      <line x1="30" y1="\(bottom)" x2="\(width - 4)" y2="\(bottom)" stroke="#9aa5ad"/>

      """
    for (groupIndex, group) in chart.groups.enumerated() {
      let x0 = 34 + Double(groupIndex) * groupWidth
      for (seriesIndex, series) in chart.series.enumerated() {
        let value = groupIndex < series.values.count ? series.values[groupIndex] : 0
        let barHeight = (bottom - top) * Double(value) / Double(maximum)
        let x = x0 + Double(seriesIndex) * barWidth
        let fill = colors[seriesIndex % colors.count]
        let tip = "\(ReportHTMLRenderer.escape(group)) \(ReportHTMLRenderer.escape(series.name)): \(value)"
        svg +=
          "<rect x=\"\(f(x))\" y=\"\(f(bottom - barHeight))\" width=\"\(f(barWidth - 2))\" height=\"\(f(barHeight))\" fill=\"\(fill)\"><title>\(tip)</title></rect>\n"
        svg +=
          "<text x=\"\(f(x + (barWidth - 2) / 2))\" y=\"\(f(bottom - barHeight - 3))\" text-anchor=\"middle\">\(value)</text>\n"
      }
      let label = group.count > 12 ? String(group.prefix(11)) + "…" : group
      let lx = f(x0 + groupWidth / 2 - 7)
      let ly = f(bottom + 12)
      svg +=
        "<text x=\"\(lx)\" y=\"\(ly)\" text-anchor=\"end\" transform=\"rotate(-35 \(lx) \(ly))\">\(ReportHTMLRenderer.escape(label))</text>\n"
    }
    if chart.series.count > 1 {
      for (index, series) in chart.series.enumerated() {
        let x = 34 + Double(index) * 80
        svg +=
          "<rect x=\"\(f(x))\" y=\"4\" width=\"10\" height=\"10\" fill=\"\(colors[index % colors.count])\"/><text x=\"\(f(x + 14))\" y=\"13\">\(ReportHTMLRenderer.escape(series.name))</text>\n"
      }
    }
    return svg + "</svg></figure>"
  }
}
