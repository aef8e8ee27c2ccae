import ServiceLifecycle

/// The handle by which a running ``UrsulaRESTServer`` is asked to stop gracefully, even when the
/// request comes before the server has started.
actor ShutdownSwitch {
    private var group: ServiceGroup?
    private var requested = false

    /// Records the running group; shuts it down at once if that was already asked for.
    func attach(_ group: ServiceGroup) async {
        self.group = group
        if requested { await group.triggerGracefulShutdown() }
    }

    /// Asks the running group, or the next one attached, to shut down gracefully.
    func trigger() async {
        requested = true
        await group?.triggerGracefulShutdown()
    }
}
