/// How many requests each route served and refused, for ``UrsulaStatus``.
actor RESTRequestCounters {
    private var counts: [UrsulaRoute: UrsulaStatus.RouteCounts] = [:]

    /// Counts one answer on `route`.
    func record(_ route: UrsulaRoute, served: Bool) {
        var entry = counts[route, default: UrsulaStatus.RouteCounts()]
        if served { entry.served += 1 } else { entry.refused += 1 }
        counts[route] = entry
    }

    /// Every route's counts, keyed by raw value, zeros included.
    var snapshot: [String: UrsulaStatus.RouteCounts] {
        Dictionary(uniqueKeysWithValues: UrsulaRoute.allCases.map { ($0.rawValue, counts[$0, default: UrsulaStatus.RouteCounts()]) })
    }
}
