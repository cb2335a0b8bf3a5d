import Foundation
import SQLite
import Testing

/// Ctrl-C during a long write: one sentence, exit 130, and the database as it was.
@Suite struct InterruptTests {
  @Test func anImportInterruptedSaysSoAndChangesNothing() throws {
    let box = try Sandbox()
    try box.initialize()
    let csv = box.folder.appendingPathComponent("big.csv")
    var lines = ["id,name,country,type,flo_id,products,members,status,status_since"]
    for index in 0..<600_000 {
      lines.append(",Interrupted Coop \(index),KE,spo,\(700_000 + index),tea,\(index % 900 + 10),applicant,2024-01-01")
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: csv)
    let before: Int =
      try Database(path: box.db, mode: .readOnly, journalMode: nil).scalar(
        "SELECT count(*) FROM producers") ?? -1
    let process = Process()
    process.executableURL = Sandbox.executable
    process.arguments = ["--db", box.db, "producer", "import", csv.path]
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": box.folder.path]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: 0.8)
    try #require(process.isRunning, "the import ended before it could be interrupted; make the file larger")
    process.interrupt()
    process.waitUntilExit()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 130, "\(said)")
    #expect(said == "psr: interrupted; nothing was changed\n")
    let after: Int =
      try Database(path: box.db, mode: .readOnly, journalMode: nil).scalar(
        "SELECT count(*) FROM producers") ?? -1
    #expect(after == before)
    let check = try box.run(["check"])
    #expect(check.status == 0, "\(check.stdout)")
  }
}
