using CareSlot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Security;

public sealed class ZzExploreTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Dump()
    {
        var lines = new List<string>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            var re = e as RouteEndpoint;
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            lines.Add($"{e.GetType().Name} | {re?.RoutePattern.RawText} | {(methods is null ? "*" : string.Join(",", methods))} | {e.DisplayName} | {string.Join(",", e.Metadata.Select(m => m.GetType().Name).Distinct())}");
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, e.Metadata);
                foreach (var h in compiled.HandlerMethods) lines.Add($"   handler {h.HttpMethod} {h.Name}");
                lines.Add("   compiled metadata: " + string.Join(",", compiled.EndpointMetadata.Select(m => m.GetType().Name)));
            }
        }
        await File.WriteAllLinesAsync("/tmp/trH4-endpoints.txt", lines, TestContext.Current.CancellationToken);
    }
}
