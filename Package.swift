// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "psr",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "psr", targets: ["psr"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The system SQLite. The shim enables the session API for merging officers' databases later.
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    // Our Swift wrapper: the only module that imports CSQLite.
    .target(name: "SQLite", dependencies: ["CSQLite"]),
    // Turns Migrations/*.sql and the reference data into Swift string literals at build time, so the
    // binary copied alone still creates and migrates a database.
    .executableTarget(name: "EmbedTool"),
    .plugin(name: "EmbedPlugin", capability: .buildTool(), dependencies: ["EmbedTool"]),
    .target(
      name: "CaseTracker",
      dependencies: ["SQLite"],
      exclude: ["Registry/Reference"],
      plugins: ["EmbedPlugin"]
    ),
    .target(
      name: "CaseTrackerCLI",
      dependencies: [
        "CaseTracker",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "psr", dependencies: ["CaseTrackerCLI"]),
    .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
    .testTarget(name: "CaseTrackerTests", dependencies: ["CaseTracker", "SQLite"]),
    .testTarget(name: "CaseTrackerCLITests", dependencies: ["CaseTrackerCLI", "SQLite"]),
  ]
)
