import KMSMessagePack
import Testing

@Suite("Embedding encoded values")
struct EncodedValueTests {
    @Test("writeEncodedValue copies a value read by readEncodedValue into another message verbatim")
    func embedVerbatim() throws {
        let inner: MessagePackValue = [.binary([1, 2, 3]), "inner", 300]
        var outer = MessagePackWriter()
        outer.writeArrayHeader(2)
        outer.writeUInt(7)
        outer.writeEncodedValue(MessagePack.encode(inner))
        #expect(outer.bytes == MessagePack.encode([7, inner]))

        var reader = MessagePackReader(outer.bytes)
        #expect(try reader.readArrayHeader() == 2)
        #expect(try reader.readUInt() == 7)
        let embedded = try reader.readEncodedValue()
        try reader.finish()
        #expect(embedded == MessagePack.encode(inner))

        var copy = MessagePackWriter()
        copy.writeArrayHeader(2)
        copy.writeUInt(7)
        copy.writeEncodedValue(embedded[...])
        #expect(copy.bytes == outer.bytes)
    }
}
