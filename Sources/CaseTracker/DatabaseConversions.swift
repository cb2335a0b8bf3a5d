import SQLite

// Closed vocabularies are stored as their raw values; the conversions come from
// `RawRepresentable where RawValue: DatabaseValueConvertible`.
extension ProducerType: DatabaseValueConvertible {}
extension CertificationStatus: DatabaseValueConvertible {}
