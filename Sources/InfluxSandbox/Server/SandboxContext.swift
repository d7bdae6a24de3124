import Hummingbird
import NIOCore

/// The Hummingbird request context of the sandbox: the basic context plus the channel, so a
/// fault can drop the connection.
struct SandboxContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
