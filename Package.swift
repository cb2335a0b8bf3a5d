// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "psr",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "psr", targets: ["psr"]),
    // The unit's hub server: a separate program, so that the officer's psr stays small and starts fast.
    .executable(name: "psr-hub", targets: ["psr-hub"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    // Hummingbird's own dependencies, named because the server uses them directly.
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
    // It hashes the migrations with SQLite's SHA-256 (the checksums the migrator records), so no run of psr does.
    .executableTarget(name: "EmbedTool", dependencies: ["SQLite"]),
    .plugin(name: "EmbedPlugin", capability: .buildTool(), dependencies: ["EmbedTool"]),
    // HTTP(S) for psr sync --hub https://…, with the system's libcurl loaded on first use.
    .target(name: "CHTTP", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(
      name: "CaseTracker",
      dependencies: ["SQLite", "CHTTP"],
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
    // The hub server on Hummingbird: the sync protocol over HTTP(S), and the coordinators' report pages.
    .target(
      name: "HubServer",
      dependencies: [
        "CaseTracker",
        // The report pages: the same HTML as psr report … --format html.
        "CaseTrackerCLI",
        "SQLite",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "psr-hub",
      dependencies: [
        "HubServer",
        "CaseTrackerCLI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
    .testTarget(name: "CaseTrackerTests", dependencies: ["CaseTracker", "SQLite"]),
    .testTarget(name: "CaseTrackerCLITests", dependencies: ["CaseTrackerCLI", "SQLite"]),
  ]
)
