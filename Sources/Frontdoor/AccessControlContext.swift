import Hummingbird
import NIOCore

/// The request context of every front-door route. Routes and route files name it only through
/// this alias (`Router<FrontdoorContext>`), so the concrete type can change in one place.
typealias FrontdoorContext = AccessControlContext

/// Hummingbird's basic context plus the connected peer's address, which the rate limits need
/// to tell clients without an API key apart.
struct AccessControlContext: RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The TCP peer (a reverse proxy's address when there is one in front), nil for a Unix socket.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
