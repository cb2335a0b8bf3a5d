import Foundation
import Testing

/// What one run of the real `psr` binary produced.
struct Run {
  let stdout: String
  let stderr: String
  let status: Int32
}

/// A temporary folder with a database path in it, and a way to run the built `psr` binary against it.
final class Sandbox {
  let folder: URL
  var db: String { folder.appendingPathComponent("psr.sqlite").path }

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("psr-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// The `psr` executable built beside this test bundle.
  static let executable: URL = {
    let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    var candidates = [here.appendingPathComponent("psr")]
    if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
      candidates.append(bundle.appendingPathComponent("psr"))
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }()

  /// Runs `psr arguments…` with `--db` pointing into the sandbox (unless `useDB` is false), a clean
  /// environment (in UTC) plus `environment`, and `input` on stdin; `wrapper` is a command that runs psr, such as
  /// `setpriv` to run it as another user.
  func run(
    _ arguments: [String], useDB: Bool = true, environment: [String: String] = [:], input: String? = nil,
    wrapper: [String] = []
  ) throws -> Run {
    let process = Process()
    let psr = (useDB ? ["--db", db] : []) + arguments
    if let command = wrapper.first {
      process.executableURL = URL(fileURLWithPath: command)
      process.arguments = wrapper.dropFirst() + [Self.executable.path] + psr
    } else {
      process.executableURL = Self.executable
      process.arguments = psr
    }
    // TZ fixed, so that local times shown do not depend on the machine's zone.
    var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1", "USER": "tester", "TZ": "UTC"]
    env.merge(environment) { $1 }
    process.environment = env
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot fill a pipe and block.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Run(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      status: process.terminationStatus)
  }

  /// Runs and expects success; returns stdout.
  @discardableResult
  func ok(_ arguments: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
    throws -> String
  {
    let result = try run(arguments, input: input)
    #expect(
      result.status == 0, "psr \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// Creates the sandbox database.
  func initialize() throws {
    try ok(["init"])
  }

  /// Writes `text` to a file in the sandbox and returns its path.
  func file(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  func file(_ name: String, bytes: [UInt8]) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }
}

/// The package's Fixtures folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Parses JSON output.
func json(_ text: String) throws -> Any {
  try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}
