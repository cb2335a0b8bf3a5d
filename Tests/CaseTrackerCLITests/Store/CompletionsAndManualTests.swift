import Foundation
import Testing

/// Shell completions and the man page's source, as README "Completions and man page" installs them.
@Suite struct CompletionsAndManualTests {
  /// Runs `program arguments…` and returns its output and exit status.
  func shell(_ program: String, _ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self),
      status: process.terminationStatus)
  }

  @Test func everyShellGetsAScript() throws {
    let box = try Sandbox()
    for (shell, start) in [("bash", "#!/bin/bash"), ("zsh", "#compdef psr"), ("fish", "")] {
      let result = try box.run(["--generate-completion-script", shell], useDB: false)
      #expect(result.status == 0, "\(shell)")
      #expect(result.stderr == "")
      #expect(result.stdout.hasPrefix(start) && result.stdout.count > 10_000, "\(shell)")
    }
    let unknown = try box.run(["--generate-completion-script", "tcsh"], useDB: false)
    #expect(unknown.status == 64)
    #expect(unknown.stderr.hasPrefix("psr: Can't generate completion scripts for 'tcsh'"))
    #expect(unknown.stderr.contains("one of: zsh bash fish"))
  }

  @Test func bashCompletesCommandsOptionsAndChoices() throws {
    let box = try Sandbox()
    let script = try box.file("psr.bash", try box.ok(["--generate-completion-script", "bash"]))
    // What bash does on TAB: sets COMP_* and calls the function `complete -F` named.
    let driver = """
      source '\(script)'
      complete -p psr
      comp() {
        COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<< "$COMP_LINE"
        [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMPREPLY=()
        _psr psr "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        echo "${COMPREPLY[*]}"
      }
      comp "psr ca"
      comp "psr case update abc --status "
      comp "psr producer list --sort "
      comp "psr case list --mi"
      """
    let result = try shell("/bin/bash", ["-O", "extglob", "-c", driver])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.split(separator: "\n") == [
        "complete -o filenames -F _psr psr", "case", "open active waiting",
        "name flo-id country type status members registered", "--mine",
      ])
  }

  @Test func zshAndFishScriptsParseWhereThoseShellsAreInstalled() throws {
    let box = try Sandbox()
    // CI images may lack zsh and fish; where they are there, their own parser checks the script.
    for (shell, path) in [("zsh", "/usr/bin/zsh"), ("fish", "/usr/bin/fish")]
    where FileManager.default.isExecutableFile(atPath: path) {
      let script = try box.file("psr.\(shell)", try box.ok(["--generate-completion-script", shell]))
      let parsed = try self.shell(path, ["-n", script])
      #expect(parsed.status == 0, "\(shell): \(parsed.stderr)")
    }
  }

  @Test func theManualsSourceDescribesEveryCommand() throws {
    // generate-manual reads this dump of the commands (swift-argument-parser's ToolInfo) to write psr.1.
    let box = try Sandbox()
    let dump = try box.run(["--experimental-dump-help"], useDB: false)
    #expect(dump.status == 0 && dump.stderr == "")
    let info = try #require(try json(dump.stdout) as? [String: Any])
    let root = try #require(info["command"] as? [String: Any])
    #expect(root["commandName"] as? String == "psr")
    let names = (root["subcommands"] as? [[String: Any]])?.compactMap { $0["commandName"] as? String } ?? []
    #expect(names.starts(with: ["init", "region", "country", "officer", "producer", "case", "visit"]))
    #expect(dump.stdout.contains("open, active or waiting (close a case with 'psr case close'"))
  }
}
