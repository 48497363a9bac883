using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CareSlot.Web.Features.Guides;

/// <summary>
/// Serves the guides' screenshots, videos and captions from the media folder, public like the guides: only names
/// <see cref="GuideMedia"/> accepts (everything else, dot segments and control characters included, is a 404), never a
/// folder listing, with byte ranges so a video can be sought, and cached by browsers for <see cref="GuidesOptions.CacheSeconds"/>.
/// </summary>
public static class GuideMediaEndpoint
{
    public static IEndpointRouteBuilder MapGuideMedia(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(GuideMedia.UrlPrefix + "{**name}", Serve).ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(string? name, GuideMedia media, IOptions<GuidesOptions> options, HttpContext http)
    {
        if (media.Find(name) is not { } file) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = $"public, max-age={options.Value.CacheSeconds}";
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.PhysicalFile(file.PhysicalPath, file.ContentType, lastModified: file.LastModified, enableRangeProcessing: true);
    }
}
