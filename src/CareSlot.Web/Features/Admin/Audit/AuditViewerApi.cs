using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Audit;

public sealed record AuditEntryDto(long Id, string At, Guid? ActorId, string? ActorName, string? ActorEmail, string? ActorRole, string Action,
    string Outcome, Guid? PatientId, string? PatientName, string? Record, string? ClientAddress)
{
    public static AuditEntryDto From(AuditRow row) => new(row.Id, IsoTime.Format(row.At, DateTimeZone.Utc), row.ActorId, row.ActorName,
        row.ActorEmail, row.ActorRole, row.Action, row.Outcome.ToString(), row.PatientId, row.PatientName, row.Record, row.ClientAddress);
}

/// <param name="NextCursor">The next (older) page: pass it as cursor; null on the last page.</param>
/// <param name="PreviousCursor">The previous (newer) page; null on the newest.</param>
public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Entries, string? NextCursor, string? PreviousCursor);

public sealed record AuditVerificationDto(bool Intact, long RowsChecked, string? Broken, string? BrokenAt, string? Problem, string Heads);

/// <summary>The audit trail for administrators: search, CSV export and verification of the chains, as on /admin/audit.</summary>
public static class AuditViewerApi
{
    public static IEndpointRouteBuilder MapAuditViewerApi(this IEndpointRouteBuilder routes)
    {
        var audit = routes.MapGroup("/api/v1/admin/audit").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);

        audit.MapGet("", ListAsync)
            .WithSummary("Audit rows, newest first, 50 a page: user and patient (an account's id or e-mail address), action (a name, or a kind "
                + "ending in a full stop: history.), outcome (allowed, refused, failed), from and to (ISO-8601 with offset, or a UTC date or "
                + "date and time; to includes all it names), cursor (nextCursor or previousCursor of a page). Never clinical content.");
        audit.MapGet("/export", ExportAsync)
            .WithSummary("Every row the same filters match, as CSV (UTF-8, RFC 4180, formula-safe), streamed. The export is audited.");
        audit.MapPost("/verify", VerifyAsync)
            .WithSummary("Checks every hash chain of the audit trail, as the verify-audit command does: rows checked, or the first row that does not hold. Audited.");
        return routes;
    }

    private static async Task<Results<Ok<AuditPageDto>, ProblemHttpResult>> ListAsync(string? user, string? patient, string? action, string? outcome,
        string? from, string? to, string? cursor, AuditQuery query, CancellationToken ct)
    {
        var (filter, problem) = await query.ParseAsync(new AuditFilterInput(user, patient, action, outcome, from, to), ct);
        AuditCursor? position = null;
        if (!string.IsNullOrEmpty(cursor) && !AuditCursor.TryParse(cursor, out position))
        {
            var errors = problem?.Errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
            errors["cursor"] = [query.InvalidCursor];
            problem = UseCaseProblem.Invalid(errors);
        }
        if (problem is not null) return problem.ToResult();

        var page = await query.PageAsync(filter!, position, ct);
        return TypedResults.Ok(new AuditPageDto([.. page.Rows.Select(AuditEntryDto.From)], page.Older?.ToString(), page.Newer?.ToString()));
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(string? user, string? patient, string? action,
        string? outcome, string? from, string? to, AuditQuery query, ExportAuditTrail export, HttpContext http, CancellationToken ct)
    {
        var (filter, problem) = await query.ParseAsync(new AuditFilterInput(user, patient, action, outcome, from, to), ct);
        if (problem is not null) return problem.ToResult();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(body => export.WriteAsync(filter!, body, ct), ExportAuditTrail.ContentType, export.FileName());
    }

    private static async Task<Ok<AuditVerificationDto>> VerifyAsync(VerifyAuditTrail verify, CancellationToken ct)
    {
        var result = await verify.HandleAsync(ct);
        return TypedResults.Ok(new AuditVerificationDto(result.Intact, result.RowsChecked, result.Broken,
            result.BrokenAt is { } at ? IsoTime.Format(at, DateTimeZone.Utc) : null, result.Problem, result.Heads));
    }
}
