using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Development only: the self-signed certificate for https://localhost, made on the first run that needs it and kept
/// under <see cref="HttpsOptions.DevelopmentCertificatePath"/> (gitignored; not in data/keys, where every file must be a PHI key), so a machine
/// with only the SDK serves HTTPS without <c>dotnet dev-certs</c>. Made again when it is about to expire.
/// </summary>
public sealed partial class DevelopmentCertificate(
    IHostEnvironment environment, IOptions<HttpsOptions> options, TimeProvider time, ILogger<DevelopmentCertificate> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(14);
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly Lock gate = new();
    private X509Certificate2? certificate;

    public string FullPath => Path.GetFullPath(options.Value.DevelopmentCertificatePath, environment.ContentRootPath);

    public X509Certificate2 Certificate
    {
        get
        {
            lock (gate) return certificate ??= LoadOrCreate();
        }
    }

    private X509Certificate2 LoadOrCreate()
    {
        var path = FullPath;
        var now = time.GetUtcNow();
        if (File.Exists(path))
        {
            try
            {
                var existing = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
                if (existing.NotAfter.ToUniversalTime() > (now + RenewBefore).UtcDateTime && existing.HasPrivateKey)
                {
                    LogReused(logger, path, existing.NotAfter);
                    return existing;
                }
                existing.Dispose();
            }
            catch (CryptographicException)
            {
                // Unreadable (a half-written file, another format): made again below, like an expired one.
            }
        }

        var pkcs12 = Create(now);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The private key is only for this machine: readable by its owner alone, like the development PHI key beside it.
        var write = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) write.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, write)) file.Write(pkcs12);
        var made = X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
        LogMade(logger, path, made.NotAfter);
        return made;
    }

    /// <summary>A self-signed RSA certificate for localhost, 127.0.0.1 and ::1, for server authentication only.</summary>
    public static byte[] Create(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: true));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now + Lifetime);
        return certificate.Export(X509ContentType.Pkcs12);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information,
        Message = "HTTPS uses the development certificate at {Path} (self-signed for localhost, valid until {NotAfter}); browsers warn until it is trusted")]
    private static partial void LogReused(ILogger logger, string path, DateTime notAfter);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information,
        Message = "Made a self-signed development certificate for HTTPS at {Path} (localhost, valid until {NotAfter}); it is reused on later runs, and browsers warn until it is trusted")]
    private static partial void LogMade(ILogger logger, string path, DateTime notAfter);
}
