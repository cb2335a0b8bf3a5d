#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// write(2), for code inside a type with a `write` method of its own (Foundation's `Foundation.write` named
/// the C function before psr's library used FoundationEssentials, which does not re-export the C library).
public func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}

/// open(2) with a mode, for code inside a type with an `open` method of its own.
func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
  open(path, flags, mode)
}

/// The sentence Foundation's `localizedDescription` gives a POSIX error ("The operation could not be
/// completed. No space left on device"), the same without Foundation; other errors as they describe
/// themselves.
public func describeSystemError(_ error: Error) -> String {
  if let error = error as? POSIXError {
    return "The operation could not be completed. " + String(cString: strerror(error.code.rawValue))
  }
  return "\(error)"
}

/// The home folder of the user running psr, from the password database: what Foundation's
/// `NSHomeDirectory()` gives when `$HOME` is unset or empty; "/" when the user has no entry.
public func homeFolder() -> String {
  guard let entry = getpwuid(getuid()), let folder = entry.pointee.pw_dir else { return "/" }
  return String(cString: folder)
}

/// The login name of the user running psr, from the password database: Foundation's `NSUserName()`; "" when
/// the user has no entry.
public func loginName() -> String {
  guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "" }
  return String(cString: name)
}
