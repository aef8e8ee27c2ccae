import Testing

/// The parent suite of the symmetric primitives' tests, so `--filter Primitives` selects them all.
@Suite("Primitives")
enum PrimitivesTests {}
