import CSQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A walk over the bytes of a changeset (or a rebase buffer, which has the same layout) that checks its
/// structure before SQLite reads it.
///
/// SQLite 3.40.1 loops forever in `sqlite3changeset_next` (and in everything that iterates: apply,
/// invert, changegroup, rebaser) when a table header's name is not NUL-terminated before the end of the
/// buffer, as a changeset cut short within its first bytes is: `sessionChangesetBufferTblhdr` asks for more
/// input, which a buffer in memory never gives [exp: every truncation inside the header hung]. A truncated
/// file or transfer must fail, not hang, so every buffer goes through `check` first.
///
/// The layout (sqlite3session.c, "CHANGESET FORMAT"): a table header is 'T', a varint column count, one
/// primary key flag byte per column and the NUL-terminated table name; each change after it is an
/// operation byte (INSERT 18, UPDATE 23, DELETE 9), an indirect byte, then the old record (update,
/// delete) and the new record (insert, update). A record holds one value per column: a type byte (0 not
/// recorded, 1 integer and 2 real of 8 bytes, 3 text and 4 blob of a varint length then the bytes, 5 NULL).
///
/// Truncation exactly between two changes still leaves a valid, shorter changeset: only a checksum over the
/// transfer can tell.
enum ChangesetFormat {
  /// Throws `.corrupt` naming the offset where `bytes` stops being a changeset, and `.misuse` for a
  /// patchset ('P' header), which psr never makes: it carries no old values, so it hides conflicts.
  static func check(_ bytes: UnsafeRawBufferPointer, _ what: String) throws {
    var reader = Reader(bytes: bytes)
    var columnCount = 0
    while !reader.isAtEnd {
      let start = reader.offset
      let op = try reader.byte(what)
      switch Int32(op) {
      case Int32(UInt8(ascii: "T")):
        columnCount = try reader.varint(what)
        guard columnCount > 0, columnCount <= 65_536 else {
          throw reader.corrupt(what, "table header with \(columnCount) columns", at: start)
        }
        try reader.skip(columnCount, what)
        try reader.skipName(what)
      case Int32(UInt8(ascii: "P")):
        throw SQLiteError(code: .misuse, message: "the \(what) is a patchset, not a changeset")
      case SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE:
        guard columnCount > 0 else { throw reader.corrupt(what, "change before any table header", at: start) }
        _ = try reader.byte(what)  // indirect
        let records = Int32(op) == SQLITE_UPDATE ? 2 : 1
        for _ in 0..<(records * columnCount) { try reader.skipValue(what) }
      default:
        throw reader.corrupt(what, "unknown change type \(op)", at: start)
      }
    }
  }

  /// Reads forward through a buffer, throwing at its end instead of reading past it.
  private struct Reader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var isAtEnd: Bool { offset >= bytes.count }

    func corrupt(_ what: String, _ reason: String, at offset: Int) -> SQLiteError {
      SQLiteError(
        code: .corrupt,
        message: "cannot read the \(what): \(reason) at byte \(offset) of \(bytes.count)")
    }

    mutating func byte(_ what: String) throws -> UInt8 {
      guard offset < bytes.count else { throw corrupt(what, "it ends early", at: offset) }
      defer { offset += 1 }
      return bytes[offset]
    }

    mutating func skip(_ count: Int, _ what: String) throws {
      guard count >= 0, count <= bytes.count - offset else {
        throw corrupt(what, "\(count) bytes needed but it ends early", at: offset)
      }
      offset += count
    }

    /// An SQLite varint: 7 bits a byte, high bit set on every byte but the last, at most 9 bytes.
    mutating func varint(_ what: String) throws -> Int {
      let start = offset
      var value: UInt64 = 0
      for index in 0..<9 {
        let byte = try self.byte(what)
        if index == 8 { return try Self.checked(value << 8 | UInt64(byte), start, self, what) }
        value = value << 7 | UInt64(byte & 0x7F)
        if byte & 0x80 == 0 { break }
      }
      return try Self.checked(value, start, self, what)
    }

    private static func checked(_ value: UInt64, _ start: Int, _ reader: Reader, _ what: String) throws -> Int {
      guard value <= UInt64(Int32.max) else { throw reader.corrupt(what, "length \(value) too large", at: start) }
      return Int(value)
    }

    mutating func skipName(_ what: String) throws {
      let start = offset
      while try byte(what) != 0 {}
      guard offset - start > 1 else { throw corrupt(what, "empty table name", at: start) }
    }

    mutating func skipValue(_ what: String) throws {
      let start = offset
      switch try byte(what) {
      case 0, 5: break
      case 1, 2: try skip(8, what)
      case 3, 4: try skip(try varint(what), what)
      case let type: throw corrupt(what, "unknown value type \(type)", at: start)
      }
    }
  }
}
