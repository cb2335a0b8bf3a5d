import ArgumentParser

/// `--region` and `--country`, shared by the listings that filter by place.
struct PlaceOptions: ParsableArguments {
  @Option(help: "Only this region's countries; a network includes its sub-regions.") var region: String?
  @Option(help: "Only this country.") var country: String?
}

/// `--from` and `--to`, both days included.
struct DateRangeOptions: ParsableArguments {
  @Option(help: "On or after this date, YYYY-MM-DD.") var from: String?
  @Option(help: "On or before this date, YYYY-MM-DD.") var to: String?
}

/// `--limit N` of a listing: at most N rows, the first in its order. The value is taken whatever it looks
/// like, so that `--limit -3` is told it cannot be negative rather than taken for a flag.
struct LimitOption: ParsableArguments {
  @Option(
    parsing: .unconditional, help: ArgumentHelp("At most this many, the first in the listing's order.", valueName: "n"),
    transform: NumberArgument.whole)
  var limit: Int?

  func validate() throws {
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
  }
}
