import Foundation
import InfluxAPI
import NIOSSL

/// How an `https://` server's certificate is checked: `--skip-verify` (env
/// `INFLUX_SKIP_VERIFY=true`) and `--ca-cert FILE`, named as the `influx` CLI names them.
/// Ignored for `http://` URLs.
public struct TLSOptions: Hashable, Sendable {
    /// Accept any certificate (no chain or host name check). For test servers only.
    public var skipVerify: Bool
    /// A PEM file of CA certificates trusted in addition to the system's.
    public var caCertificateFile: String?

    /// Creates options; by default the system's CAs are trusted and certificates are checked.
    public init(skipVerify: Bool = false, caCertificateFile: String? = nil) {
        self.skipVerify = skipVerify
        self.caCertificateFile = caCertificateFile
    }

    /// The AsyncHTTPClient/NIOSSL client configuration for these options.
    /// - Throws: `InfluxAPIError` (no status) when the CA file cannot be read or holds no PEM
    ///   certificate, naming the file.
    func configuration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if skipVerify { tls.certificateVerification = .none }
        if let file = caCertificateFile {
            func fail(_ message: String) -> InfluxAPIError {
                InfluxAPIError(
                    method: "", path: "", status: nil, code: nil, message: message,
                    hint: "pass a PEM file of CA certificates (-----BEGIN CERTIFICATE-----) with --ca-cert")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail(
                    FileManager.default.fileExists(atPath: file)
                        ? "cannot read the CA certificate file \(file)"
                        : "the CA certificate file \(file) does not exist")
            }
            let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(data))
            guard let certificates, !certificates.isEmpty else {
                throw fail("the CA certificate file \(file) holds no PEM certificate")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        return tls
    }
}
