import Foundation
import PackagePlugin

/// Embeds `Migrations/*.sql` and the target's `Registry/Reference/*` files into the target as Swift string
/// literals, so the binary needs no file beside it.
@main
struct EmbedPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let migrations = try files(in: context.package.directoryURL.appending(path: "Migrations"), ext: "sql")
    let reference = try files(in: target.directoryURL.appending(path: "Registry/Reference"), ext: nil)
    let output = context.pluginWorkDirectoryURL.appending(path: "Embedded.swift")
    let arguments =
      [output.path] + migrations.map { "migration:" + $0.path } + reference.map { "file:" + $0.path }
    return [
      .buildCommand(
        displayName: "Embedding \(migrations.count) migrations and \(reference.count) reference files",
        executable: try context.tool(named: "EmbedTool").url,
        arguments: arguments,
        inputFiles: migrations + reference,
        outputFiles: [output])
    ]
  }

  private func files(in directory: URL, ext: String?) throws -> [URL] {
    guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
    return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { ext == nil ? !$0.lastPathComponent.hasPrefix(".") : $0.pathExtension == ext }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }
}
