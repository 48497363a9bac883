using System.Globalization;
using System.Text;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// What an attachment is, judged by its first bytes only: the name and the type a client declares are its own words and
/// prove nothing (a PNG named .pdf is a PNG; a program named .png is refused).
/// </summary>
public static class AttachmentFiles
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public const int MaxFileNameLength = 120;

    /// <summary>The content type the bytes show, or null when they are none of PDF, JPEG and PNG.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfMagic) ? Pdf
        : content.StartsWith(PngMagic) ? Png
        : content.StartsWith(JpegMagic) ? Jpeg
        : null;

    /// <summary>
    /// A name safe to show and to offer for download: no path, no control or format characters, no characters file systems
    /// refuse, at most <see cref="MaxFileNameLength"/> characters, and the extension of what the content really is.
    /// </summary>
    public static string SafeName(string? declared, string contentType)
    {
        var name = Path.GetFileName((declared ?? "").Replace('\\', '/'));
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) continue;
            clean.Append(rune.Value is '"' or '<' or '>' or ':' or '|' or '?' or '*' or '/' ? "_" : rune.ToString());
        }
        var declaredExtension = Path.GetExtension(clean.ToString()).ToLowerInvariant();
        var extension = declaredExtension == Extension(contentType) || (contentType == Jpeg && declaredExtension == ".jpeg")
            ? declaredExtension
            : Extension(contentType);
        var stem = Path.GetFileNameWithoutExtension(clean.ToString()).Trim().Trim('.');
        if (stem.Length == 0) stem = "attachment";
        var maxStem = MaxFileNameLength - extension.Length;
        if (stem.Length > maxStem) stem = stem[..maxStem];
        if (char.IsHighSurrogate(stem[^1])) stem = stem[..^1];
        return stem + extension;
    }

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Png => ".png",
        _ => ".jpg",
    };
}
