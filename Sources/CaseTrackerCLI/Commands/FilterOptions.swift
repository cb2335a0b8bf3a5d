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
