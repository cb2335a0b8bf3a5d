import Foundation
import Testing

@testable import CaseTracker

@Suite struct CSVDelimiterTests {
  let known = Set(ProducerImport.columns)

  func detect(_ header: String) -> CSVDelimiter {
    CSVDelimiter.detect(header: Array(header.utf8), known: known)
  }

  @Test func theHeaderNamesTheDelimiter() {
    #expect(detect("name,country,type") == .comma)
    #expect(detect("name;country;type;flo_id") == .semicolon)
    #expect(detect("name\tcountry\ttype") == .tab)
    #expect(detect("\u{FEFF}name;country;type") == .semicolon)
    // The one that splits into known columns wins over one that merely occurs more often.
    #expect(detect("name,country,type,note;x;y;z") == .comma)
    #expect(detect("\"name,\";country;type") == .semicolon)
    // Nothing known: the one that splits into most fields; nothing at all: comma.
    #expect(detect("a;b;c") == .semicolon)
    #expect(detect("name") == .comma)
    #expect(detect("") == .comma)
    // A header that is not well-formed with one delimiter is judged by the others.
    #expect(detect("name;\"country\"x;type") == .comma)
  }

  @Test func typedValues() {
    #expect(CSVDelimiter(typed: ",") == .comma)
    #expect(CSVDelimiter(typed: ";") == .semicolon)
    #expect(CSVDelimiter(typed: "TAB") == .tab)
    #expect(CSVDelimiter(typed: "\\t") == .tab)
    #expect(CSVDelimiter(typed: "\t") == .tab)
    #expect(CSVDelimiter(typed: "|") == nil)
    #expect(CSVDelimiter(typed: "") == nil)
  }

  @Test func firstLineReadsAheadWithoutConsumingAcrossChunks() throws {
    // Three-byte chunks: the header spans several, and a quoted line break is not its end.
    let bytes = Array("\"a\nb\";c\nx;y\n".utf8)
    var offset = 0
    var reader = CSVReader(chunks: {
      guard offset < bytes.count else { return nil }
      defer { offset += 3 }
      return Array(bytes[offset..<min(offset + 3, bytes.count)])
    })
    #expect(String(decoding: try reader.firstLine(), as: UTF8.self) == "\"a\nb\";c")
    reader.use(.semicolon)
    #expect(try reader.next()?.fields == ["a\nb", "c"])
    #expect(try reader.next() == CSVRecord(line: 3, fields: ["x", "y"]))
    #expect(try reader.next() == nil)
  }

  @Test func aSemicolonReaderKeepsCommasInFields() throws {
    var reader = CSVReader(bytes: Array("a;\"b;c\";d,e\r\n".utf8))
    reader.use(.semicolon)
    #expect(try reader.next()?.fields == ["a", "b;c", "d,e"])
    var tabs = CSVReader(bytes: Array("a\t\"b\tc\"\td;e\n".utf8))
    tabs.use(.tab)
    #expect(try tabs.next()?.fields == ["a", "b\tc", "d;e"])
  }
}
