/// The keys (ids and FLO IDs) that the rows of an import named so far, with the line of the first row that
/// named each, so that a key named again is refused by line.
///
/// The producers an import writes carry their keys in the database, where the row's own lookup finds
/// them; this keeps only their lines, by rowid, and a bit a producer rather than a dictionary of every
/// key. Keys of rows that wrote nothing (refused rows, and rows after the first problem) are kept apart, as
/// is a FLO ID that a later row took away from a producer.
struct SeenKeys {
  /// The rowid the first producer added by the import gets; the next ones follow it.
  let firstAddedRowID: Int64
  /// How many producers the import added, with rowids from `firstAddedRowID` on.
  private var addedCount = 0
  /// The line of the added producer at each index is the index plus an offset (its header line, blank lines,
  /// rows that wrote nothing, line breaks in quoted fields): the offset from each index where it changes,
  /// which for most files is a handful of entries rather than one a producer.
  private var lineOffsets: [(index: Int, offset: Int)] = []
  /// Whether each added producer's row gave its id (one bit each).
  private var addedByID: [UInt64] = []
  /// Producers updated by the import (and added ones whose rowid did not follow the ones before).
  private var touchedLines = TouchedLines()
  private var unwrittenFLOIDs: [String: Int] = [:]
  private var unwrittenIDs: [String: Int] = [:]

  init(firstAddedRowID: Int64) {
    self.firstAddedRowID = firstAddedRowID
    touchedLines = TouchedLines(denseBelow: firstAddedRowID)
  }

  private func added(_ rowID: Int64) -> (line: Int, byID: Bool)? {
    guard rowID >= firstAddedRowID, rowID - firstAddedRowID < Int64(addedCount) else { return nil }
    let index = Int(rowID - firstAddedRowID)
    // The last change of offset at or before `index`.
    var (low, high) = (0, lineOffsets.count - 1)
    while low < high {
      let middle = (low + high + 1) / 2
      if lineOffsets[middle].index <= index { low = middle } else { high = middle - 1 }
    }
    return (index + lineOffsets[low].offset, addedByID[index / 64] & (1 << UInt64(index % 64)) != 0)
  }

  /// The first line that named `floID`, given the producer that holds it now.
  func firstLine(ofFLOID floID: String, heldBy owner: ProducerRepository.ImportWriter.Found?) -> Int? {
    if let line = unwrittenFLOIDs[floID] { return line }
    guard let owner else { return nil }
    // A producer the import added holds the FLO ID its row gave.
    if let added = added(owner.rowID) { return added.line }
    return touchedLines[owner.rowID]?.floIDLine
  }

  /// The first line that named `id`, given the producer that has it.
  func firstLine(ofID id: String, heldBy owner: ProducerRepository.ImportWriter.Found?) -> Int? {
    if let line = unwrittenIDs[id] { return line }
    guard let owner else { return nil }
    if let added = added(owner.rowID) { return added.byID ? added.line : nil }
    return touchedLines[owner.rowID]?.idLine
  }

  mutating func recordAdded(rowID: Int64, line: Int, namedByID: Bool) {
    let index = addedCount
    guard rowID == firstAddedRowID + Int64(index) else {
      touchedLines[rowID] = (namedByID ? line : nil, line)
      return
    }
    addedCount += 1
    if lineOffsets.last?.offset != line - index { lineOffsets.append((index, line - index)) }
    if index % 64 == 0 { addedByID.append(0) }
    if namedByID { addedByID[index / 64] |= 1 << UInt64(index % 64) }
  }

  /// A producer the row on `line` updated: `floID` is the FLO ID it has now, `previousFLOID` the one it had.
  mutating func recordUpdated(
    rowID: Int64, line: Int, namedByID: Bool, namedFLOID: Bool, floID: String?, previousFLOID: String?
  ) {
    var entry = touchedLines[rowID] ?? (nil, nil)
    if namedByID { entry.idLine = line }
    if floID != previousFLOID {
      // The FLO ID an earlier row named is no longer this producer's: keep its line apart.
      if let previousFLOID, let first = entry.floIDLine { unwrittenFLOIDs[previousFLOID] = first }
      entry.floIDLine = nil
    }
    if namedFLOID, entry.floIDLine == nil { entry.floIDLine = line }
    touchedLines[rowID] = entry
  }

  /// Keys named by the row on `line`, which wrote nothing; nil for a key named before. Only a file that is
  /// refused has such rows; past `maxUnwrittenKeys` of them (some 10 MiB) their keys are forgotten, so that
  /// a wholly wrong file of millions of rows cannot fill the memory, and `forgotKeys` tells the error.
  mutating func recordUnwritten(id: String?, floID: String?, line: Int) {
    guard unwrittenIDs.count + unwrittenFLOIDs.count < Self.maxUnwrittenKeys else {
      forgotKeys = forgotKeys || id != nil || floID != nil
      return
    }
    if let id { unwrittenIDs[id] = line }
    if let floID { unwrittenFLOIDs[floID] = line }
  }

  /// How many keys of rows that wrote nothing are remembered at most.
  static let maxUnwrittenKeys = 100_000
  /// True once a key of a row that wrote nothing was not remembered.
  private(set) var forgotKeys = false
}

/// The lines that named the keys of producers an import updated, by rowid. The producers there before the
/// import have rowids below `denseBelow`, mostly one after another: their lines are kept in one array of
/// two 32-bit numbers a producer (8 MB for a million, where a dictionary took some 50 MB); any other rowid,
/// or a line past 2^31, in a dictionary.
private struct TouchedLines {
  typealias Lines = (idLine: Int?, floIDLine: Int?)
  /// Rowids below this are kept in `dense`, once one of them is touched.
  private let denseBelow: Int64
  /// `2 * rowid` holds the id line and `2 * rowid + 1` the FLO ID line, 0 for none, -1 for "in `sparse`".
  private var dense: [Int32] = []
  private var sparse: [Int64: Lines] = [:]
  /// The most rowids kept in `dense` (32 MB).
  private static let denseLimit: Int64 = 4_000_000

  init(denseBelow: Int64 = 0) {
    self.denseBelow = min(denseBelow, Self.denseLimit)
  }

  subscript(rowID: Int64) -> Lines? {
    get {
      guard rowID >= 0, rowID < denseBelow, !dense.isEmpty else { return sparse[rowID] }
      let (id, flo) = (dense[Int(2 * rowID)], dense[Int(2 * rowID + 1)])
      if id == -1 { return sparse[rowID] }
      if id == 0 && flo == 0 { return nil }
      return (id == 0 ? nil : Int(id), flo == 0 ? nil : Int(flo))
    }
    set {
      guard rowID >= 0, rowID < denseBelow else {
        sparse[rowID] = newValue
        return
      }
      if dense.isEmpty { dense = [Int32](repeating: 0, count: Int(2 * denseBelow)) }
      let fits = { (line: Int?) in line.map { $0 > 0 && $0 <= Int(Int32.max) } ?? true }
      guard let lines = newValue, fits(lines.idLine), fits(lines.floIDLine) else {
        sparse[rowID] = newValue
        dense[Int(2 * rowID)] = newValue == nil ? 0 : -1
        dense[Int(2 * rowID + 1)] = 0
        return
      }
      dense[Int(2 * rowID)] = Int32(lines.idLine ?? 0)
      dense[Int(2 * rowID + 1)] = Int32(lines.floIDLine ?? 0)
      sparse[rowID] = nil
    }
  }
}
