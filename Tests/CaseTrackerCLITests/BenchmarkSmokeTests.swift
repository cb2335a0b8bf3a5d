import Foundation
import Testing

/// The benchmark runner at tiny sizes with the psr built for these tests: every figure and peer runs and
/// the JSON holds them all. Nothing is timed here; Benchmarks/run.py measures on a release build.
@Suite struct BenchmarkSmokeTests {
  @Test func theRunnerMeasuresEveryFigureAtTinySizes() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("psr-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let json = folder.appendingPathComponent("results.json")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", root.appendingPathComponent("Benchmarks/run.py").path, "--quick", "--psr", Sandbox.executable.path,
      "--work", folder.path, "--json", json.path,
    ]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(stderr)")
    let results = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
    let figures = results?["figures"] as? [[String: Any]] ?? []
    let keys = Set(figures.compactMap { $0["key"] as? String })
    for key in [
      "demo", "version", "case_show", "case_open", "case_list", "search", "report_region_sub", "report_region_top",
      "report_regions", "readiness_list", "producer_import", "producer_import_memory", "sync_clone", "sync_day",
      "sync_bundle",
    ] {
      #expect(keys.contains(key), "no figure \(key) in \(keys.sorted())")
    }
  }
}
