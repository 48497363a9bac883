using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// How the site answers over HTTPS. The certificate itself is Kestrel's own setting
/// (<c>Kestrel:Certificates:Default:Path</c> with <c>:Password</c> for a PKCS#12 file, or <c>:Path</c> with
/// <c>:KeyPath</c> for PEM); the HTTPS endpoint is an <c>https://</c> address in <c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTPS_PORTS</c> or <c>Kestrel:Endpoints</c>.
/// </summary>
public sealed class HttpsOptions
{
    public const string Section = "Https";

    /// <summary>
    /// The port plain-HTTP requests are redirected to: 443 behind a proxy that terminates TLS, otherwise unset and the
    /// app's own HTTPS endpoint is used. Setting it also turns the redirect on when the app itself serves only HTTP.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>How long browsers remember to use only HTTPS (HSTS max-age). A year is what preload lists ask for.</summary>
    [Range(1, 3650)]
    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>HSTS for every subdomain too: a cookie set on the parent domain never travels in plain text.</summary>
    public bool HstsIncludeSubDomains { get; set; } = true;

    /// <summary>Asks browsers' preload lists to include the site; only once every subdomain serves HTTPS for good.</summary>
    public bool HstsPreload { get; set; }

    /// <summary>In Development only: where the self-signed certificate made on first run is kept, under the content root.</summary>
    [Required]
    public string DevelopmentCertificatePath { get; set; } = "data/https/development.pfx";
}
