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

/// A CSV record: its fields and the line it starts on (1-based, counting physical lines).
public struct CSVRecord: Sendable, Equatable {
  public let line: Int
  public let fields: [String]
}

/// A file that is not well-formed CSV, with the line where reading stopped.
public struct CSVError: Error, Equatable, CustomStringConvertible, Sendable {
  public let line: Int
  public let reason: String
  public var description: String { "line \(line): \(reason)" }
}

/// A strict RFC 4180 reader over UTF-8 bytes, streaming: fields are separated by commas, or by the
/// semicolons or tabs `use(_:)` sets; quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF, LF and CR end records; a leading byte order mark is skipped. Anything else
/// (a stray quote, text after a closing quote, an unclosed quote, invalid UTF-8, a field over
/// `maxFieldBytes`, a record over `maxRecordBytes` or with more than `maxFields` fields) is an error naming
/// the line. The limits keep what one record can make the reader hold to a few MiB, whatever the file.
public struct CSVReader {
  /// The largest field accepted, in bytes.
  public static let maxFieldBytes = 1 << 20
  /// The largest record accepted, its fields' bytes added up.
  public static let maxRecordBytes = 4 << 20
  /// The most fields a record may have: psr's own files have at most a dozen columns.
  public static let maxFields = 256

  /// The byte that separates fields: a comma, a semicolon or a tab (`CSVDelimiter`).
  public private(set) var delimiter: CSVDelimiter = .comma
  private var unquotedStops = Self.stops([0x2C, 0x0A, 0x0D, 0x22])
  private var chunks: () throws -> [UInt8]?
  private var buffer: [UInt8] = []
  private var position = 0
  private var exhausted = false
  private var line = 1
  private var started = false

  /// Reads from a closure that returns the next chunk of bytes, or nil at the end.
  public init(chunks: @escaping () throws -> [UInt8]?) {
    self.chunks = chunks
  }

  /// Reads from bytes in memory.
  public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
    var pending: [UInt8]? = Array(bytes)
    self.init(chunks: {
      defer { pending = nil }
      return pending
    })
  }

  /// Reads an open file in chunks of up to 64 KiB; a failed read throws the system's error as a POSIX error.
  /// The descriptor stays open: it is the caller's.
  public init(descriptor: Int32) {
    self.init(chunks: {
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard count > 0 else { return nil }
        chunk.removeLast(chunk.count - count)
        return chunk
      }
    })
  }

  /// Reads with `delimiter` between fields from here on.
  public mutating func use(_ delimiter: CSVDelimiter) {
    self.delimiter = delimiter
    unquotedStops = Self.stops([delimiter.byte, 0x0A, 0x0D, 0x22])
  }

  /// The bytes of the first line that is not blank, up to its line break outside quotes (at most `maxRecordBytes`),
  /// read ahead without consuming them: what `CSVDelimiter.detect` judges. Call before `next()`.
  public mutating func firstLine() throws -> [UInt8] {
    buffer = Array(buffer[position...])
    position = 0
    var start = 0
    var index = 0
    var quoted = false
    // Blank lines a spreadsheet leaves above the header (empty, or only separators and spaces) are passed
    // over: the header is the first line with a word in it.
    let blank: Set<UInt8> = [0x20, 0x09, 0x2C, 0x3B, 0xEF, 0xBB, 0xBF]
    while index - start < Self.maxRecordBytes {
      if index == buffer.count {
        guard !exhausted, let next = try chunks() else {
          exhausted = true
          break
        }
        buffer += next
        continue
      }
      let byte = buffer[index]
      if byte == 0x22 { quoted.toggle() }
      if !quoted, byte == 0x0A || byte == 0x0D {
        if buffer[start..<index].allSatisfy(blank.contains) {
          start = index + 1
        } else {
          break
        }
      }
      index += 1
    }
    return Array(buffer[min(start, index)..<index])
  }

  private mutating func peek() throws -> UInt8? {
    while position >= buffer.count {
      if exhausted { return nil }
      guard let next = try chunks() else {
        exhausted = true
        return nil
      }
      buffer = next
      position = 0
    }
    return buffer[position]
  }

  private mutating func advance() { position += 1 }

  /// The next record, or nil at the end of the input. Blank lines are skipped.
  public mutating func next() throws -> CSVRecord? {
    if !started {
      started = true
      // A UTF-8 byte order mark, as spreadsheet programs write.
      if try peek() == 0xEF {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var matched = 0
        while matched < 3, try peek() == bom[matched] {
          advance()
          matched += 1
        }
        if matched != 3 {
          // Not a byte order mark but text that starts with the same byte, such as U+FF01 (EF BC 81): put
          // back the bytes taken; the field's UTF-8 check judges them.
          buffer = Array(bom[..<matched] + buffer[position...])
          position = 0
        }
      }
    }
    // Skip blank lines between records.
    while let byte = try peek(), byte == 0x0A || byte == 0x0D {
      advance()
      if byte == 0x0D, try peek() == 0x0A { advance() }
      line += 1
    }
    guard try peek() != nil else { return nil }

    let recordLine = line
    var fields: [String] = []
    var field: [UInt8] = []
    var recordBytes = 0
    while true {
      if fields.count == Self.maxFields {
        throw CSVError(
          line: recordLine,
          reason:
            "a record has more than \(Self.maxFields) fields; is this the right file, and is its separator a \(delimiter.name)?"
        )
      }
      field.removeAll(keepingCapacity: true)
      var ended = false  // the record ended with this field
      if try peek() == 0x22 {
        advance()
        let quoteLine = line
        while true {
          if try appendRun(to: &field, upTo: Self.quotedStops) { try checkSize(field, line: quoteLine) }
          guard let byte = try peek() else {
            throw CSVError(
              line: quoteLine,
              reason: "a quoted field is never closed; add the closing quote (\") or double quotes inside it")
          }
          advance()
          if byte == 0x22 {
            if try peek() == 0x22 {
              advance()
              field.append(0x22)
              continue
            }
            break
          }
          if byte == 0x0A {
            line += 1
          } else if byte == 0x0D, try peek() != 0x0A {
            line += 1
          }
          field.append(byte)
          try checkSize(field, line: quoteLine)
        }
        switch try peek() {
        case nil: ended = true
        case delimiter.byte: advance()
        case 0x0A, 0x0D: ended = true
        default:
          throw CSVError(
            line: line,
            reason:
              "text follows a closing quote in field \(fields.count + 1); enclose the whole field in quotes and double any quote inside it"
          )
        }
      } else {
        while true {
          if try appendRun(to: &field, upTo: unquotedStops) { try checkSize(field, line: line) }
          guard let byte = try peek() else {
            ended = true
            break
          }
          if byte == delimiter.byte {
            advance()
            break
          }
          if byte == 0x0A || byte == 0x0D {
            ended = true
            break
          }
          if byte == 0x22 {
            throw CSVError(
              line: line,
              reason:
                "a quote (\") inside unquoted field \(fields.count + 1); enclose the field in quotes and double the quote (\"\")"
            )
          }
          advance()
          field.append(byte)
          try checkSize(field, line: line)
        }
      }
      guard let text = String(validating: field, as: UTF8.self) else {
        throw CSVError(
          line: line, reason: "field \(fields.count + 1) is not valid UTF-8; save the file as UTF-8 (CSV UTF-8)")
      }
      recordBytes += field.count
      if recordBytes > Self.maxRecordBytes {
        throw CSVError(
          line: recordLine,
          reason: "a record is longer than \(Self.maxRecordBytes >> 20) MiB; is this the right file?")
      }
      fields.append(text)
      if ended {
        if let byte = try peek() {
          advance()
          if byte == 0x0D, try peek() == 0x0A { advance() }
          line += 1
        }
        return CSVRecord(line: recordLine, fields: fields)
      }
    }
  }

  /// Bytes that end a run of plain bytes in a quoted field (quote, line feed, carriage return), by byte
  /// value; an unquoted field's run also ends at the delimiter (`unquotedStops`).
  private static let quotedStops = stops([0x22, 0x0A, 0x0D])

  private static func stops(_ bytes: [UInt8]) -> [Bool] {
    (0...255).map { bytes.contains(UInt8($0)) }
  }

  /// Appends the bytes before the next stop byte in the current chunk to `field` at once, instead of byte by
  /// byte; the caller goes on with the byte after them. True when it appended any.
  private mutating func appendRun(to field: inout [UInt8], upTo stops: [Bool]) throws -> Bool {
    _ = try peek()
    let start = position
    let end = buffer.withUnsafeBufferPointer { bytes in
      stops.withUnsafeBufferPointer { stop in
        var index = start
        while index < bytes.count, !stop[Int(bytes[index])] { index += 1 }
        return index
      }
    }
    guard end > start else { return false }
    field.append(contentsOf: buffer[start..<end])
    position = end
    return true
  }

  private func checkSize(_ field: [UInt8], line: Int) throws {
    if field.count > Self.maxFieldBytes {
      throw CSVError(
        line: line, reason: "a field is longer than \(Self.maxFieldBytes / 1024) KiB; is this the right file?")
    }
  }
}
