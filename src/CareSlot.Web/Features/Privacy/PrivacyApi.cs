using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>The signed-in person's rights over their own data: the export (Art. 15/20) and erasure (Art. 17). Nobody else's.</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/api/v1/account").WithTags("Privacy").RequireAuthorization(AccountPolicies.SignedIn);
        account.MapGet("/export", ExportAsync).RequireRateLimiting(PrivacyRegistration.ExportLimit)
            .WithSummary("Everything CareSlot holds about the caller, as JSON (GDPR Art. 15 and 20). Audited; rate-limited per account.");
        account.MapPost("/erasure", EraseAsync).RequireAuthorization(AccountPolicies.Patient)
            .WithSummary("Erase the caller's account (JSON: password). Completed at once, or held by an open dispute or ticket. Patients only.");
        account.MapGet("/erasure", ErasureAsync).RequireAuthorization(AccountPolicies.Patient)
            .WithSummary("The caller's latest erasure request: pending, held (and by what) or completed.");

        // The same file for a browser: a plain link downloads it, no script needed.
        routes.MapGet("/account/data/export.json", DownloadAsync).RequireAuthorization(AccountPolicies.SignedIn)
            .RequireRateLimiting(PrivacyRegistration.ExportLimit).ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<PersonalData>, ForbidHttpResult>> ExportAsync(PersonalDataExport export, HttpContext http, CancellationToken ct) =>
        await export.ForAsync(http.User, ct) is { } data ? TypedResults.Ok(data) : TypedResults.Forbid();

    private static async Task<Results<FileContentHttpResult, ForbidHttpResult>> DownloadAsync(PersonalDataExport export, IClock clock, HttpContext http,
        CancellationToken ct)
    {
        if (await export.ForAsync(http.User, ct) is not { } data) return TypedResults.Forbid();
        http.Response.Headers.CacheControl = "no-store";
        var day = clock.GetCurrentInstant().InUtc().Date.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(data, PersonalDataExport.Json), "application/json", $"careslot-data-{day}.json");
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> EraseAsync([FromBody] ErasureRequestBody body, RequestErasure erase, HttpContext http,
        CancellationToken ct)
    {
        var outcome = await erase.HandleAsync(http.User, body, ct);
        return outcome.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<ErasureView>, NotFound>> ErasureAsync(ErasureRequests requests, HttpContext http, CancellationToken ct) =>
        await requests.LatestAsync(http.User.AccountId(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
}
