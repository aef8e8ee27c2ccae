/// A point on secp256k1, as the protocol code sees it: the ``CurvePoint`` of the backend this build
/// selected.
///
/// libcrypto (``OpenSSLPoint``) by default; libsecp256k1 (`Secp256k1Point`) when the package is
/// built with the `LibSecp256k1` trait (`swift build --traits LibSecp256k1`). This is the one
/// place that chooses; both backends produce the same bytes wherever the output is deterministic.
#if LibSecp256k1
typealias Point = Secp256k1Point
#else
typealias Point = OpenSSLPoint
#endif
