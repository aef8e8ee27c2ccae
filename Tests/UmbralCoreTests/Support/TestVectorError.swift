/// Why test data could not be loaded; each message names the file or key.
enum TestVectorError: Error, CustomStringConvertible {
    case missingFile(String)
    case undecodable(path: String, underlying: String)
    case missingKey(keyPath: String, key: String)
    case wrongType(keyPath: String, expected: String)

    var description: String {
        switch self {
        case .missingFile(let path):
            return "test vector file not found at \(path) (shared/ must sit beside the package root)"
        case .undecodable(let path, let underlying):
            return "could not decode the test vector file at \(path): \(underlying)"
        case .missingKey(let keyPath, let key):
            return "test vector key path \(keyPath): no key \"\(key)\""
        case .wrongType(let keyPath, let expected):
            return "test vector key path \(keyPath): expected a \(expected)"
        }
    }
}
