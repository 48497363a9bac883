namespace CareSlot.Web.Platform.Web;

/// <summary>
/// The address people open the site at. Every link in an e-mail or text message starts with it, never with the
/// request's Host: a request can claim any host, and a reset link built from it would carry the token to that host.
/// </summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public const string Example = "https://book.clinic.example";

    /// <summary>An absolute http or https origin without path, query or fragment, e.g. <see cref="Example"/>.</summary>
    public string? PublicOrigin { get; set; }

    /// <summary>The validated origin; start-up refuses a missing or malformed one, so it is there when anything asks.</summary>
    public Uri Origin => TryParseOrigin(PublicOrigin, out var origin)
        ? origin
        : throw new InvalidOperationException($"{Section}:{nameof(PublicOrigin)} is not a valid origin.");

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> ("/account/verify-email?token=…") on the public origin.</summary>
    public Uri Link(string pathAndQuery) => new(Origin, pathAndQuery);

    public static bool TryParseOrigin(string? value, out Uri origin)
    {
        origin = null!;
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0
            || uri.AbsolutePath != "/"
            || value!.Contains('?', StringComparison.Ordinal)
            || value.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }
        origin = new Uri(uri.GetLeftPart(UriPartial.Authority));
        return true;
    }
}
