import Hummingbird
import KMSPolicy

extension UrsulaRouter {
    /// `POST /node_metadata`: a metadata exchange, as nucypher's `node_metadata_exchange` does it.
    ///
    /// The body is a `MetadataRequest` (`MdRq` 3.0). Every announced node must verify and serve
    /// her domain, or nothing is learned. If the sender's fleet-state checksum equals hers, she
    /// answers a signed `MetadataResponse` (`MdRs` 3.0) with no nodes; otherwise she learns the
    /// announced nodes and answers with every node she knows, herself included.
    func exchangeNodeMetadata(_ request: Request) async throws(UrsulaRESTError) -> Response {
        let bytes = try await body(of: request, for: .nodeMetadata)
        let metadataRequest: MetadataRequest
        do {
            metadataRequest = try MetadataRequest(bytes: bytes)
        } catch {
            throw .policy(error)
        }
        let ownAddress = nodeMetadata.payload.stakingProviderAddress
        for (index, node) in metadataRequest.announceNodes.enumerated() {
            guard node.verify() else { throw .forgedNodeMetadata(index: index) }
            guard node.payload.domain == nodeMetadata.payload.domain else {
                throw .foreignDomain(index: index, domain: node.payload.domain)
            }
        }
        let sameFleet = await knownNodes.checksum(thisNode: nodeMetadata) == metadataRequest.fleetStateChecksum
        var announce: [NodeMetadata] = []
        if !sameFleet {
            // Nobody else may speak for her address: her own metadata is the one she signed.
            await knownNodes.learn(metadataRequest.announceNodes.filter { $0.payload.stakingProviderAddress != ownAddress })
            announce = await knownNodes.all + [nodeMetadata]
        }
        let timestamp = UInt32(clamping: await clock.now().secondsSinceEpoch)
        let response = MetadataResponse(
            signer: signer, payload: MetadataResponsePayload(timestampEpoch: timestamp, announceNodes: announce))
        return RESTResponses.octetStream(response.bytes)
    }
}
