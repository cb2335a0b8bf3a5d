import Foundation
import SQLite
import Testing

/// How to run psr as someone whom file modes bind: as root, `setpriv` to user nobody; as anyone else,
/// psr itself (chmod then binds the tester too). Nil when running as root without `setpriv`.
enum OtherUser {
  static let wrapper: [String]? = {
    guard geteuid() == 0 else { return [] }
    let setpriv = "/usr/bin/setpriv"
    guard FileManager.default.isExecutableFile(atPath: setpriv) else { return nil }
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
  }()
  static var available: Bool { wrapper != nil }
}

/// A small tmpfs, mounted for a test and filled to the last byte: a real full disk. Only root may mount.
final class FullDisk {
  let folder: String

  static let canMount: Bool = {
    guard geteuid() == 0 else { return false }
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent("psr-mount-\(UUID().uuidString)").path
    guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else {
      return false
    }
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard FullDisk.command("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]) else { return false }
    return FullDisk.command("/bin/umount", [probe])
  }()

  init(in parent: URL, megabytes: Int) throws {
    folder = parent.appendingPathComponent("full").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    guard Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder]) else {
      throw CocoaError(.fileWriteUnknown)
    }
  }

  deinit { _ = Self.command("/bin/umount", [folder]) }

  /// Writes a filler file until the disk refuses another byte.
  func fill() {
    let descriptor = open(folder + "/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { close(descriptor) }
    let chunk = [UInt8](repeating: 0, count: 4096)
    while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, 4096) }) > 0 {}
    while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, 1) }) > 0 {}
  }

  func free() { unlink(folder + "/filler") }

  @discardableResult
  static func command(_ path: String, _ arguments: [String]) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}

@Suite(.serialized) struct PermissionAndDiskCommandTests {
  private func entries(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  @Test func theHelpListsThePermissionAndDiskExitCodes() throws {
    let help = try Sandbox().run(["--help"], useDB: false)
    #expect(help.stdout.contains("73  permission:"))
    #expect(help.stdout.contains("74  the disk is full"))
  }

  @Test(.enabled(if: OtherUser.available, "needs a user whom file modes bind: not root, or root with setpriv"))
  func aReaderWhoMayNotWriteIsRefusedWhileTheWALHoldsCommits() throws {
    let box = try fieldOffice()
    let shared = box.folder.appendingPathComponent("shared").path
    let unit = shared + "/unit.sqlite"
    try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
    do {
      // A connection held open keeps psr from checkpointing: the 3 cases stay in the WAL, as they do
      // when the writer's machine crashes. The file and its WAL are copied as a crash leaves them.
      let holder = try Database(path: box.db)
      #expect(try holder.scalar("SELECT count(*) FROM cases") == 0)
      for number in 1...3 {
        _ = try box.openCase(["--type", "trade", "--title", "Committed \(number)", "--producer", "1503"])
      }
      try FileManager.default.copyItem(atPath: box.db, toPath: unit)
      try FileManager.default.copyItem(atPath: box.db + "-wal", toPath: unit + "-wal")
    }
    #expect((try FileManager.default.attributesOfItem(atPath: unit + "-wal")[.size] as? Int ?? 0) > 0)
    for file in [unit, unit + "-wal"] { chmod(file, 0o644) }
    chmod(shared, 0o555)
    defer { chmod(shared, 0o755) }
    let other = try #require(OtherUser.wrapper)
    let refusal =
      "psr: the database \(unit) has committed changes in \(unit)-wal that you cannot read safely without write access beside it; ask its owner to run any psr command on it (which writes them into the file), then try again\n"
    for arguments in [["case", "list", "--format", "csv"], ["check"], ["backup", box.folder.path + "/copy.sqlite"]] {
      let result = try box.run(["--db", unit] + arguments, useDB: false, wrapper: other)
      #expect(result.status == 73, "\(arguments): \(result.stderr)")
      #expect(result.stdout == "")
      #expect(result.stderr == refusal)
    }
    #expect(!FileManager.default.fileExists(atPath: box.folder.path + "/copy.sqlite"))
    // The owner runs any command, which folds the WAL into the file; the reader then sees all 3.
    chmod(shared, 0o755)
    #expect(try box.run(["--db", unit, "case", "list"], useDB: false).status == 0)
    #expect(!FileManager.default.fileExists(atPath: unit + "-wal"))
    chmod(shared, 0o555)
    let list = try box.run(["--db", unit, "case", "list", "--format", "csv"], useDB: false, wrapper: other)
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout.split(separator: "\r\n").filter { $0.contains("Committed") }.count == 3)
    #expect(try box.run(["--db", unit, "check"], useDB: false, wrapper: other).status == 0)
  }

  @Test(.enabled(if: OtherUser.available, "needs a user whom file modes bind: not root, or root with setpriv"))
  func permissionProblemsSaySoAndExit73() throws {
    let box = try fieldOffice()
    let other = try #require(OtherUser.wrapper)
    let before = try box.ok(["producer", "export"])
    // Readable, not writable: reads work, a write is refused with 73.
    chmod(box.db, 0o444)
    chmod(box.folder.path, 0o555)
    defer {
      chmod(box.folder.path, 0o755)
      chmod(box.db, 0o600)
    }
    #expect(try box.run(["producer", "list"], wrapper: other).status == 0)
    let write = try box.run(["region", "add", "EUR", "--name", "Europe"], wrapper: other)
    #expect(write.status == 73)
    #expect(
      write.stderr
        == "psr: the database \(box.db) is read-only for you, so nothing was changed; ask its owner, or work on a copy you may write\n"
    )
    let backup = try box.run(["backup", box.folder.path + "/copy.sqlite"], wrapper: other)
    #expect(backup.status == 73)
    #expect(backup.stderr.hasPrefix("psr: cannot create the backup \(box.folder.path)/copy.sqlite: Permission denied"))
    // Unreadable: said to be a permission problem, with 73.
    chmod(box.db, 0o000)
    let read = try box.run(["producer", "list"], wrapper: other)
    #expect(read.status == 73)
    #expect(
      read.stderr
        == "psr: you may not read the database \(box.db) (permission denied); ask its owner for access, or give --db a database you may read\n"
    )
    chmod(box.db, 0o600)
    #expect(try box.ok(["producer", "export"]) == before)
  }

  @Test(.enabled(if: FullDisk.canMount, "needs root to mount a small tmpfs and fill it"))
  func aFullDiskIsNamedByEveryCommandWithExit74AndLeavesNothingBehind() throws {
    let box = try fieldOffice()
    _ = try box.openCase(["--type", "trade", "--title", "Before the disk filled", "--producer", "1503"])
    let disk = try FullDisk(in: box.folder, megabytes: 2)
    let db = disk.folder + "/unit.sqlite"
    try box.ok(["backup", db])
    let before = try box.run(["--db", db, "case", "list", "--format", "csv"], useDB: false).stdout
    disk.fill()
    let reads: [[String]] = [["case", "list"], ["check"], ["report", "region", "AME-ECA", "--format", "json"]]
    let writes: [[String]] = [
      ["--as", "akinyi", "case", "open", "--type", "trade", "--title", "X", "--producer", "1503"]
    ]
    for arguments in reads + writes {
      let result = try box.run(["--db", db] + arguments, useDB: false)
      #expect(result.status == 74, "\(arguments): \(result.stderr)")
      #expect(
        result.stderr
          == "psr: the disk is full, so psr could not use the database \(db); nothing was changed; free some space and try again\n"
      )
    }
    let created = try box.run(["--db", disk.folder + "/new/psr.sqlite", "init"], useDB: false)
    #expect(created.status == 74, "\(created.stderr)")
    #expect(created.stderr.hasPrefix("psr: the disk is full"))
    let backup = try box.run(["backup", disk.folder + "/copy.sqlite"])
    #expect(backup.status == 74, "\(backup.stderr)")
    #expect(backup.stderr.hasPrefix("psr: the disk is full"))
    let report = try box.run(["report", "region", "AME-ECA", "--format", "csv", "--output", disk.folder + "/r.csv"])
    #expect(report.status == 74, "\(report.stderr)")
    #expect(report.stderr.hasPrefix("psr: the disk is full"))
    // SQLite's own -wal (empty) and -shm (shorter than its first 32 KiB page), left by the reads that could
    // not grow them, are SQLite's to remove, as the next run does: psr deleting them while another process
    // may be opening them would be unsafe.
    let own = entries(disk.folder).filter { name in
      let size = (try? FileManager.default.attributesOfItem(atPath: disk.folder + "/" + name)[.size] as? Int) ?? 0
      return !((name == "unit.sqlite-wal" && size == 0) || (name == "unit.sqlite-shm" && size < 32_768))
    }
    #expect(own == ["filler", "unit.sqlite"])
    disk.free()
    #expect(try box.run(["--db", db, "check"], useDB: false).status == 0)
    #expect(entries(disk.folder) == ["unit.sqlite"])
    #expect(try box.run(["--db", db, "case", "list", "--format", "csv"], useDB: false).stdout == before)
  }
}
