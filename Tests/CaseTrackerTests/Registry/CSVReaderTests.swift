import Foundation
import Testing

@testable import CaseTracker

@Suite struct CSVReaderTests {
  @Test func simpleRows() throws {
    #expect(
      try records("name,country\nKabngetuny,KE\nMpanga,UG\n") == [
        CSVRecord(line: 1, fields: ["name", "country"]),
        CSVRecord(line: 2, fields: ["Kabngetuny", "KE"]),
        CSVRecord(line: 3, fields: ["Mpanga", "UG"]),
      ])
    #expect(try records("a") == [CSVRecord(line: 1, fields: ["a"])])
    #expect(try records("") == [])
  }

  @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
    let text = "\"a,b\",\"say \"\"hi\"\"\",\"line 1\nline 2\"\nnext,\"\",z\n\"x\r\ny\",w\r\nlast,1\n"
    #expect(
      try records(text) == [
        CSVRecord(line: 1, fields: ["a,b", "say \"hi\"", "line 1\nline 2"]),
        CSVRecord(line: 3, fields: ["next", "", "z"]),
        CSVRecord(line: 4, fields: ["x\r\ny", "w"]),
        CSVRecord(line: 6, fields: ["last", "1"]),
      ])
  }

  @Test(arguments: ["a,b\r\nc,d\r\n", "a,b\nc,d\n", "a,b\rc,d\r", "a,b\r\nc,d"])
  func lineEndings(text: String) throws {
    #expect(
      try records(text) == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"])])
  }

  @Test func byteOrderMarkIsSkipped() throws {
    #expect(
      try records([0xEF, 0xBB, 0xBF] + Array("name,x\nKE,1\n".utf8)) == [
        CSVRecord(line: 1, fields: ["name", "x"]), CSVRecord(line: 2, fields: ["KE", "1"]),
      ])
  }

  @Test func textStartingWithAnEFByteIsNotMistakenForAByteOrderMark() throws {
    // U+FF01 is EF BC 81 in UTF-8: valid text whose first byte is the byte order mark's first byte.
    #expect(try records("\u{FF01}a,b\n") == [CSVRecord(line: 1, fields: ["\u{FF01}a", "b"])])
    #expect(
      try recordsInOneByteChunks(Array("\u{FF01}a,b\n".utf8)) == [CSVRecord(line: 1, fields: ["\u{FF01}a", "b"])])
  }

  @Test func blankLinesAreSkippedButCounted() throws {
    #expect(
      try records("\n\na,1\n\n\r\nb,2\n\n") == [
        CSVRecord(line: 3, fields: ["a", "1"]), CSVRecord(line: 6, fields: ["b", "2"]),
      ])
  }

  @Test func trailingEmptyFields() throws {
    #expect(
      try records("a,b,\nc,,\n,\nd,e,") == [
        CSVRecord(line: 1, fields: ["a", "b", ""]),
        CSVRecord(line: 2, fields: ["c", "", ""]),
        CSVRecord(line: 3, fields: ["", ""]),
        CSVRecord(line: 4, fields: ["d", "e", ""]),
      ])
  }

  @Test func strayQuoteInUnquotedField() {
    #expect(
      throws: CSVError(
        line: 2,
        reason: "a quote (\") inside unquoted field 2; enclose the field in quotes and double the quote (\"\")")
    ) { try records("a,b\nx,y\"z\n") }
  }

  @Test func textAfterClosingQuote() {
    let reason =
      "text follows a closing quote in field 1; enclose the whole field in quotes and double any quote inside it"
    #expect(throws: CSVError(line: 2, reason: reason)) { try records("a\n\"x\"y,z\n") }
    // The line is the one the text follows the quote on, after the field's own line breaks.
    #expect(throws: CSVError(line: 4, reason: reason)) { try records("a\n\"x\n\ny\" ,z\n") }
  }

  @Test func unclosedQuoteReportsTheLineWhereItOpened() {
    let error = CSVError(
      line: 2, reason: "a quoted field is never closed; add the closing quote (\") or double quotes inside it")
    #expect(throws: error) { try records("a,b\nc,\"open\nmore\nlines\n") }
    #expect(throws: error) { try recordsInOneByteChunks(Array("a,b\nc,\"open\nmore\nlines\n".utf8)) }
  }

  @Test func invalidUTF8() {
    #expect(
      throws: CSVError(line: 2, reason: "field 2 is not valid UTF-8; save the file as UTF-8 (CSV UTF-8)")
    ) { try records(Array("a,b\nc,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)) }
    // A broken byte order mark is invalid UTF-8 in the first field.
    #expect(
      throws: CSVError(line: 1, reason: "field 1 is not valid UTF-8; save the file as UTF-8 (CSV UTF-8)")
    ) { try records([0xEF, 0xBB, 0x41, 0x2C, 0x42]) }
    #expect(throws: CSVError(line: 1, reason: "field 1 is not valid UTF-8; save the file as UTF-8 (CSV UTF-8)")) {
      try recordsInOneByteChunks([0xEF])
    }
  }

  @Test func fieldSizeLimit() throws {
    let limit = CSVReader.maxFieldBytes
    let largest = try records(Array("a\n".utf8) + [UInt8](repeating: 0x78, count: limit))
    #expect(largest.map(\.fields[0].utf8.count) == [1, limit])
    #expect(
      throws: CSVError(line: 2, reason: "a field is longer than 1024 KiB; is this the right file?")
    ) { try records(Array("a\n".utf8) + [UInt8](repeating: 0x78, count: limit + 1) + Array(",b\n".utf8)) }
  }

  @Test func fieldsAndRecordBytesAreCapped() throws {
    // A header of a million commas once took 735 MB and a row of twenty million 566 MB.
    var reader = CSVReader(bytes: [UInt8](repeating: 0x2C, count: 1_000_000))
    #expect(
      throws: CSVError(
        line: 1, reason: "a record has more than 256 fields; is this the right file, and is its separator a comma?")
    ) { _ = try reader.next() }
    let widest = String(repeating: "x,", count: CSVReader.maxFields - 1) + "x\n"
    #expect(try records(Array(("a\n" + widest).utf8)).last?.fields.count == CSVReader.maxFields)
    #expect(throws: CSVError.self) { try records(Array(("a\n" + "x," + widest).utf8)) }
    let field = String(repeating: "y", count: CSVReader.maxFieldBytes)
    let four = Array(repeating: field, count: 4).joined(separator: ",")
    #expect(try records(Array(("a\n" + four + "\n").utf8)).last?.fields.count == 4)
    #expect(
      throws: CSVError(line: 3, reason: "a record is longer than 4 MiB; is this the right file?")
    ) { try records(Array(("a\nb\n" + four + ",z\n").utf8)) }
  }

  @Test func oneByteChunksGiveTheSameRecords() throws {
    let text =
      "\u{FEFF}name,notes,country\r\n\"Coop \"\"A\"\"\",\"two\r\nlines, one comma\",KE\r\n\r\n"
      + "plain,\"\",UG\n\"three\nline\nfield\",x,\n\u{FF01},\u{1F600},TZ"
    let bytes = Array(text.utf8)
    let whole = try records(bytes)
    #expect(whole.map(\.line) == [1, 2, 5, 6, 9])
    #expect(whole[1].fields == ["Coop \"A\"", "two\r\nlines, one comma", "KE"])
    #expect(whole[3].fields == ["three\nline\nfield", "x", ""])
    #expect(try recordsInOneByteChunks(bytes) == whole)
    // Runs of plain bytes are taken a chunk at a time: every chunk size reads the same records.
    for size in [2, 3, 5, 7, 16] {
      var start = 0
      var reader = CSVReader(chunks: {
        guard start < bytes.count else { return nil }
        defer { start += size }
        return Array(bytes[start..<min(start + size, bytes.count)])
      })
      var read: [CSVRecord] = []
      while let record = try reader.next() { read.append(record) }
      #expect(read == whole, "chunks of \(size) bytes")
    }
  }
}
