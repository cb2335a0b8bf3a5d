import CaseTracker

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

/// Writes an export as its records come, CSV (a header, then a row each) or JSON (an array of objects),
/// to stdout or to `--output`'s file (whole or not at all), through one 64 KiB buffer: however many
/// records, only one is held at a time.
///
/// CSV is RFC 4180 with CRLF line ends, cells guarded against formulas (`CSVRenderer`); `--excel` puts a
/// UTF-8 byte order mark first, which Excel needs to read the file as UTF-8 ("Coopérative", not
/// "CoopÃ©rative"). JSON is what `JSONRenderer` writes for a list, byte for byte.
final class ExportWriter {
  private let format: ExportOptions.Format
  private let columns: [String]
  private let delimiter: Character
  private let file: PartialFile?
  private let path: String?
  private let toTerminal: Bool
  private var buffer = ""
  private(set) var count = 0
  private var bytes = 0

  private init(options: ExportOptions, columns: [String], global: GlobalOptions) throws {
    format = options.resolvedFormat()
    self.columns = columns
    delimiter = Character(UnicodeScalar(options.delimiter?.byte ?? 0x2C))
    path = options.output
    file = try options.output.map { try OutputFile.open($0, global: global) }
    toTerminal = file == nil && format == .csv && isatty(STDOUT_FILENO) == 1
    if format == .csv {
      if options.excel { buffer += "\u{FEFF}" }
      buffer += CSVRenderer.line(columns, delimiter: delimiter)
    }
  }

  /// Opens the export, hands it to `body` to write the records, and finishes it: the file renamed into
  /// place, `wrote N NOUN to PATH` said. On an error, the partial file is removed and nothing is written.
  static func run(
    _ options: ExportOptions, columns: [String], noun: String, global: GlobalOptions,
    _ body: (ExportWriter) throws -> Void
  ) throws {
    let writer = try ExportWriter(options: options, columns: columns, global: global)
    do {
      try body(writer)
      try writer.finish()
    } catch let error as POSIXError {
      writer.file?.discard()
      if let path = writer.path { throw OutputFile.failure(error, path: path) }
      let code = error.code.rawValue
      if code == ENOSPC || code == EDQUOT {
        throw DomainError(.io, "the disk is full: the export stopped short; free some space and try again")
      }
      throw DomainError.file(
        errno: code, "cannot write the export to standard output: \(String(cString: strerror(code)))")
    } catch {
      writer.file?.discard()
      throw error
    }
    if let path = writer.path {
      global.say("wrote \(writer.count) \(noun) to \(path) (\(writer.bytes) bytes)")
    }
  }

  /// Where each of `columns` is in the records' fields: they all come from one function, so the first
  /// record's layout serves for the others (checked, by equal names, which compare fast).
  private var positions: [Int?] = []

  /// Writes one record: in CSV, its `columns`; in JSON, every field.
  func write(_ record: Record) throws {
    switch format {
    case .csv:
      let fields = record.fields
      let fits =
        positions.count == columns.count
        && zip(positions, columns).allSatisfy { position, column in
          position.map { $0 < fields.count && fields[$0].name == column } ?? true
        }
      if !fits { positions = columns.map { column in fields.firstIndex { $0.name == column } } }
      let cells = positions.map { $0.map { CSVRenderer.cell(fields[$0].value) } ?? "" }
      buffer += CSVRenderer.line(cells, delimiter: delimiter)
    case .json: buffer += (count == 0 ? "[\n" : ",\n") + JSONRenderer.element(record, indent: 1)
    }
    count += 1
    if buffer.utf8.count >= 1 << 16 { try flush() }
  }

  private func finish() throws {
    if format == .json { buffer += count == 0 ? "[]\n" : "\n]\n" }
    try flush()
    try file?.commit()
  }

  private func flush() throws {
    let text = toTerminal ? Output.csv(buffer, toTerminal: true) : buffer
    buffer.removeAll(keepingCapacity: true)
    let data = Data(text.utf8)
    bytes += data.count
    if let file {
      try file.write(data)
    } else {
      try Self.writeStandardOutput(data)
    }
  }

  /// Writes all of `data` to stdout; a failure (a full disk under `> file`) as the system's POSIX error.
  private static func writeStandardOutput(_ data: Data) throws {
    try data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = systemWrite(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        offset += written
      }
    }
  }
}
