import Foundation
import Testing

@testable import CaseTrackerCLI

/// How a table's free-text columns are narrowed, and where the width comes from.
@Suite struct TableFitTests {
  @Test func theWidestFreeColumnGivesFirstUntilTheLineFits() {
    // 8 + 40 + 10 + 30 and 6 for the separators: 94, 34 too many for 60.
    let widths = [8, 40, 10, 30]
    let free = [false, true, false, true]
    let headings = [2, 5, 3, 5]
    #expect(
      TableRenderer.fittedWidths(widths, free: free, minimums: headings, separators: 6, width: 60) == [8, 18, 10, 18])
    #expect(
      TableRenderer.fittedWidths(widths, free: free, minimums: headings, separators: 6, width: 84) == [8, 30, 10, 30])
    #expect(TableRenderer.fittedWidths(widths, free: free, minimums: headings, separators: 6, width: 94) == widths)
    #expect(TableRenderer.fittedWidths(widths, free: free, minimums: headings, separators: 6, width: nil) == widths)
    // Too narrow even so: the free columns stay at 8 (or their heading's width), the others whole.
    #expect(
      TableRenderer.fittedWidths(widths, free: free, minimums: headings, separators: 6, width: 20) == [8, 8, 10, 8])
    #expect(
      TableRenderer.fittedWidths(widths, free: free, minimums: [2, 11, 3, 5], separators: 6, width: 20) == [
        8, 11, 10, 8,
      ])
    // A free column narrower than 8 is never widened.
    #expect(
      TableRenderer.fittedWidths([5, 40], free: [true, true], minimums: [1, 1], separators: 2, width: 10) == [5, 8])
  }

  @Test func cellsAreCutWithAnEllipsisByDisplayWidth() {
    #expect(TableRenderer.fit("Kabarole Tea Growers", width: 8) == "Kabarol…")
    #expect(TableRenderer.fit("Kabarole", width: 8) == "Kabarole")
    #expect(TableRenderer.fit("茶叶合作社联合会", width: 8) == "茶叶合…")
    #expect(TableRenderer.displayWidth(TableRenderer.fit("茶叶合作社联合会", width: 8)) == 7)
  }

  /// (The terminal's own width is tested through the binary on a pseudo-terminal: TableWidthCommandTests.)
  @Test func columnsWinOverAPipe() throws {
    let pipe = Pipe()
    let descriptor = pipe.fileHandleForWriting.fileDescriptor
    #expect(TerminalWidth.resolve(columns: "120", descriptor: descriptor) == 120)
    for ignored in [nil, "", "abc", "0", "-80", "80x", " 80"] {
      #expect(TerminalWidth.resolve(columns: ignored, descriptor: descriptor) == nil, "\(ignored ?? "nil")")
    }
  }
}
