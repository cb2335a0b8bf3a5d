import Testing

@testable import SQLite

@Suite struct ValueTests {
  private enum Priority: String, DatabaseValueConvertible {
    case low, high
  }

  /// Stores `value` in a fresh table and reads it back with its SQLite storage class.
  private func roundTrip(_ value: any DatabaseValueConvertible) throws -> (value: DatabaseValue, type: String) {
    let db = try Database()
    try db.execute("CREATE TABLE t (v)")
    try db.execute("INSERT INTO t (v) VALUES (?)", [value])
    let row = try #require(try db.row("SELECT v, typeof(v) AS type FROM t"))
    return (row[0], try row.decode("type"))
  }

  @Test func nullAndOptionalNil() throws {
    #expect(try roundTrip(DatabaseValue.null) == (.null, "null"))
    #expect(try roundTrip(String?.none) == (.null, "null"))
    #expect(try roundTrip(Int?.none) == (.null, "null"))
    #expect(try roundTrip(Int?.some(5)) == (.integer(5), "integer"))

    let db = try Database()
    let row = try #require(try db.row("SELECT NULL AS v"))
    #expect(try row.decode("v", as: String?.self) == nil)
    #expect(try row.decode("v", as: DatabaseValue.self) == .null)
    #expect(row[0].isNull)
  }

  @Test func unicodeText() throws {
    let text = "Ñandú 🌱 中文 עברית"
    #expect(try roundTrip(text) == (.text(text), "text"))
    let db = try Database()
    let row = try #require(
      try db.row("SELECT ? AS v, length(?) AS n, length(CAST(? AS BLOB)) AS bytes", [text, text, text]))
    #expect(try row.decode("v", as: String.self) == text)
    #expect(try row.decode("n", as: Int.self) == text.unicodeScalars.count)
    #expect(try row.decode("bytes", as: Int.self) == text.utf8.count)
    #expect(try roundTrip(Substring(text)) == (.text(text), "text"))
    #expect(try roundTrip("") == (.text(""), "text"))
  }

  @Test func blobWithZeroBytes() throws {
    let bytes: [UInt8] = [0, 255, 0, 1]
    #expect(try roundTrip(bytes) == (.blob(bytes), "blob"))
    let db = try Database()
    let row = try #require(try db.row("SELECT ? AS v, length(?) AS n, hex(?) AS h", [bytes, bytes, bytes]))
    #expect(try row.decode("v", as: [UInt8].self) == bytes)
    #expect(try row.decode("n", as: Int.self) == 4)
    #expect(try row.decode("h", as: String.self) == "00FF0001")
  }

  @Test func emptyBlobStaysABlob() throws {
    #expect(try roundTrip([UInt8]()) == (.blob([]), "blob"))
  }

  @Test func integerExtremes() throws {
    #expect(try roundTrip(Int64.max) == (.integer(9_223_372_036_854_775_807), "integer"))
    #expect(try roundTrip(Int64.min) == (.integer(-9_223_372_036_854_775_808), "integer"))
    #expect(try roundTrip(Int.max) == (.integer(Int64(Int.max)), "integer"))
    #expect(try roundTrip(0) == (.integer(0), "integer"))

    let db = try Database()
    #expect(try db.scalar("SELECT ?", [Int64.max]) == Int64.max)
    #expect(try db.scalar("SELECT ?", [Int64.min]) == Int64.min)
    #expect(try db.scalar("SELECT ? + 0", [Int64.min], as: Int.self) == Int.min)
  }

  @Test func doubles() throws {
    #expect(try roundTrip(3.141592653589793) == (.real(3.141592653589793), "real"))
    #expect(try roundTrip(-1.5e-300) == (.real(-1.5e-300), "real"))
    #expect(try roundTrip(Double.greatestFiniteMagnitude) == (.real(.greatestFiniteMagnitude), "real"))
    let db = try Database()
    #expect(try db.scalar("SELECT 0.1 + 0.2", as: Double.self) == 0.1 + 0.2)
    // An INTEGER decodes as a Double; a REAL does not decode as an Int.
    #expect(try db.scalar("SELECT 3", as: Double.self) == 3.0)
    #expect(throws: RowDecodingError.self) { try db.scalar("SELECT 3.5", as: Int.self) }
  }

  @Test func bools() throws {
    #expect(try roundTrip(true) == (.integer(1), "integer"))
    #expect(try roundTrip(false) == (.integer(0), "integer"))
    let db = try Database()
    #expect(try db.scalar("SELECT ?", [true], as: Bool.self) == true)
    #expect(try db.scalar("SELECT ?", [false], as: Bool.self) == false)
    #expect(try db.scalar("SELECT 1 = 1", as: Bool.self) == true)
  }

  @Test func rawRepresentable() throws {
    #expect(try roundTrip(Priority.high) == (.text("high"), "text"))
    let db = try Database()
    #expect(try db.scalar("SELECT 'low'", as: Priority.self) == .low)
    let error = try #require(throws: RowDecodingError.self) { try db.scalar("SELECT 'urgent' AS p", as: Priority.self) }
    #expect(error.column == "p")
  }

  @Test func decodingNullAsStringNamesTheColumn() throws {
    let db = try Database()
    let row = try #require(try db.row("SELECT NULL AS title, 'x' AS other"))
    let error = try #require(throws: RowDecodingError.self) { try row.decode("title", as: String.self) }
    #expect(error.column == "title")
    #expect(error.reason == "cannot convert NULL value NULL to String")
    #expect(error.description == "cannot decode column 'title': cannot convert NULL value NULL to String")
  }

  @Test func decodingTextAsIntNamesTheColumn() throws {
    let db = try Database()
    let row = try #require(try db.row("SELECT 'seven' AS count"))
    let error = try #require(throws: RowDecodingError.self) { try row.decode("count", as: Int.self) }
    #expect(error.column == "count")
    #expect(error.reason == "cannot convert TEXT value 'seven' to Int")
    let byIndex = try #require(throws: RowDecodingError.self) { try row.decode(at: 0, as: Int.self) }
    #expect(byIndex.column == "count")
  }

  @Test func decodingAMissingColumnNamesIt() throws {
    let db = try Database()
    let row = try #require(try db.row("SELECT 1 AS id, 'x' AS name"))
    let error = try #require(throws: RowDecodingError.self) { try row.decode("email", as: String.self) }
    #expect(error.column == "email")
    #expect(error.reason.contains("no such column"))
    let index = try #require(throws: RowDecodingError.self) { try row.decode(at: 2, as: String.self) }
    #expect(index.column == "#2")
    // Column names match case-insensitively, as in SQL.
    #expect(try row.decode("NAME", as: String.self) == "x")
  }
}
