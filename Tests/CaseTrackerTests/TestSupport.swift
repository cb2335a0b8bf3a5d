import Foundation
import SQLite
import Testing

@testable import CaseTracker

/// A fresh psr database made by the real migrations, in a folder of its own that is removed afterwards.
final class TestStore {
  let folder: URL
  let path: String
  let store: Store
  let setup: Store.Setup

  init() throws {
    folder = temporaryFolder()
    path = folder.appendingPathComponent("psr.db").path
    let (store, setup) = try Store.create(at: path, clock: Clock(today: "2026-11-26"))
    self.store = store
    self.setup = setup
  }

  deinit { try? FileManager.default.removeItem(at: folder) }
}

/// A path under the temporary folder that does not exist yet.
func temporaryFolder() -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent("psr-domain-tests-\(UUID().uuidString)")
}

/// Expects `body` to throw a `DomainError` of `kind` whose message contains every fragment.
@discardableResult
func expectDomainError(
  _ kind: DomainError.Kind, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) -> DomainError? {
  let error = #expect(throws: DomainError.self, sourceLocation: sourceLocation) { try body() }
  #expect(error?.kind == kind, "\(String(describing: error))", sourceLocation: sourceLocation)
  for fragment in fragments {
    #expect(
      error?.message.contains(fragment) == true, "'\(error?.message ?? "")' lacks '\(fragment)'",
      sourceLocation: sourceLocation)
  }
  return error
}

/// Every record of the registry tables, to compare before and after a refused write.
func snapshot(_ db: Database) throws -> [String: [[DatabaseValue]]] {
  let tables = [
    ("regions", "code"), ("countries", "code"), ("officers", "handle"), ("officer_countries", "officer, country"),
    ("producers", "id"), ("producer_products", "producer_id, position"),
  ]
  var records: [String: [[DatabaseValue]]] = [:]
  for (table, order) in tables {
    records[table] = try db.rows("SELECT * FROM \(table) ORDER BY \(order)").map(\.values)
  }
  return records
}

/// Every record of `bytes`, read whole.
func records(_ bytes: [UInt8]) throws -> [CSVRecord] {
  var reader = CSVReader(bytes: bytes)
  return try all(&reader)
}

func records(_ text: String) throws -> [CSVRecord] {
  try records(Array(text.utf8))
}

/// Every record of `bytes`, fed to the reader one byte per chunk.
func recordsInOneByteChunks(_ bytes: [UInt8]) throws -> [CSVRecord] {
  var index = 0
  var reader = CSVReader(chunks: {
    guard index < bytes.count else { return nil }
    defer { index += 1 }
    return [bytes[index]]
  })
  return try all(&reader)
}

private func all(_ reader: inout CSVReader) throws -> [CSVRecord] {
  var result: [CSVRecord] = []
  while let record = try reader.next() { result.append(record) }
  return result
}

/// Runs a producer import of `text` on `store`.
@discardableResult
func runImport(_ store: Store, _ text: String, dryRun: Bool = false) throws -> ImportSummary {
  try runImport(store, bytes: Array(text.utf8), dryRun: dryRun)
}

@discardableResult
func runImport(_ store: Store, bytes: [UInt8], dryRun: Bool = false) throws -> ImportSummary {
  var reader = CSVReader(bytes: bytes)
  return try ProducerImport(store: store).run(&reader, dryRun: dryRun)
}
