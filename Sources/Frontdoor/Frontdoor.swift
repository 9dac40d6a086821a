import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StageProtocol

/// The front door: creates sessions in the spool and answers status and results from it.
/// It never processes media.
@main
struct FrontdoorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Frontdoor",
        abstract: "HTTP front door of the interview assessment pipeline (upload, status, results).")

    @Option(help: "Spool directory (default: $SPOOL_DIR, else ./spool).") var spool: String?
    @Option(help: "Port (default: $PORT, else 8888).") var port: Int?
    @Option(help: "Address to listen on (default: $HOST, else 0.0.0.0).") var host: String?
    @Option(help: "Log level.") var logLevel: Logger.Level = .info

    func run() async throws {
        bootstrapLogging(level: logLevel)
        do { try ConfigurationFile.apply() } catch { throw ValidationError(error.description) }
        var configuration = PipelineConfiguration.fromEnvironment()
        if let spool { configuration.spoolDirectory = spool }
        if let port { configuration.port = port }
        if let host { configuration.host = host }
        try configuration.spoolLayout.createDirectories()
        let app = try buildApplication(configuration: configuration, logger: Logger(label: "frontdoor"))
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// The application: a router, its middleware and the spool, assembled from one configuration.
/// Throws when `API_KEYS_FILE` is named but unreadable: a front door meant to be closed never starts open.
func buildApplication(configuration: PipelineConfiguration, logger: Logger) throws -> some ApplicationProtocol {
    let apiKeys = try APIKeySet(configuration: configuration)
    let access = apiKeys.isEmpty ? "open: no API key configured" : "\(apiKeys)"
    let limits = "\(configuration.rateLimitUploadsPerHour) uploads/h, \(configuration.rateLimitRequestsPerMinute) requests/min"
    logger.info("\(access); per-client limits (0 = none): \(limits)")
    let router = buildRouter(configuration: configuration, apiKeys: apiKeys)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "interview-assessment"),
        logger: logger)
}

func buildRouter(configuration: PipelineConfiguration, apiKeys: APIKeySet) -> Router<FrontdoorContext> {
    let router = Router(context: FrontdoorContext.self)
    // Outermost first: CORS headers go on every answer, errors included.
    router.add(middleware: CORSPolicyMiddleware(allowedOrigins: configuration.corsOrigins))
    let metrics = FrontdoorMetrics(spool: Spool(layout: configuration.spoolLayout))
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorLoggingMiddleware())
    router.add(middleware: AccessControlMiddleware(keys: apiKeys, configuration: configuration))
    router.add(middleware: GzipMiddleware(minimumBytes: 1024))
    let spool = Spool(layout: configuration.spoolLayout)
    SessionRoutes(spool: spool).register(on: router)
    UploadRoutes(spool: spool, configuration: configuration).register(on: router)
    DocsRoutes(assetsDirectory: URL(fileURLWithPath: configuration.webAssetsDirectory)).register(on: router)
    WebRoutes(configuration: configuration).register(on: router)
    VideoRoutes(spool: spool).register(on: router)
    HistoryRoutes(spool: spool).register(on: router)
    ReviewRoutes(spool: spool).register(on: router)
    MetricsRoutes(metrics: metrics).register(on: router)
    ErasureRoutes(spool: spool).register(on: router)
    return router
}
