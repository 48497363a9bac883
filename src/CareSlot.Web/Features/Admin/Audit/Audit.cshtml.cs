using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Audit;

/// <summary>The audit trail for administrators: search it, page through it, download it as CSV, verify its chains.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class AuditModel(AuditQuery query, ExportAuditTrail export, VerifyAuditTrail verify, IStringLocalizer<AdminText> text) : PageModel
{
    public const string Path = "/admin/audit";

    /// <summary>The filter fields in the order of the form, named as the API's parameters.</summary>
    public static readonly IReadOnlyList<string> Fields = ["user", "patient", "action", "outcome", "from", "to"];

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "patient")]
    public string? PatientFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "outcome")]
    public string? OutcomeFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? FromFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? ToFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    public AuditPage Result { get; private set; } = new([], null, null);

    /// <summary>Whether the filter was valid and searched (an invalid one shows its errors and no rows).</summary>
    public bool Searched { get; private set; }

    /// <summary>What the last verification found, in the reader's words; its technical detail (verify-audit's own, English) beside it.</summary>
    [TempData]
    public string? VerifySummary { get; set; }

    [TempData]
    public string? VerifyDetail { get; set; }

    [TempData]
    public bool VerifyIntact { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        AuditCursor? cursor = null;
        if (!string.IsNullOrEmpty(Cursor) && !AuditCursor.TryParse(Cursor, out cursor))
        {
            ModelState.AddModelError("", query.InvalidCursor);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Result = await query.PageAsync(filter, cursor, ct);
        Searched = true;
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Response.ContentType = ExportAuditTrail.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename={export.FileName()}";
        Response.Headers.CacheControl = "private, no-store";
        await export.WriteAsync(filter, Response.Body, ct);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var result = await verify.HandleAsync(ct);
        VerifyIntact = result.Intact;
        VerifySummary = result.Intact
            ? text["The audit trail is intact: {0:N0} rows checked, none altered or missing.", result.RowsChecked]
            : text["The audit trail is broken: {0:N0} rows before the first fault are sound. Where it breaks:", result.RowsChecked];
        VerifyDetail = result.Intact ? null
            : $"{result.Broken}{(result.BrokenAt is { } at ? $" ({AuditVerifier.Format(at)})" : "")}: {result.Problem}";
        return LocalRedirect(Link(null));
    }

    /// <summary>This page with the current filter, at <paramref name="cursor"/>'s page (the newest without one).</summary>
    public string Link(AuditCursor? cursor, string? handler = null)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (handler is not null) query["handler"] = handler;
        foreach (var (name, value) in Fields.Zip([UserFilter, PatientFilter, ActionFilter, OutcomeFilter, FromFilter, ToFilter]))
        {
            if (!string.IsNullOrWhiteSpace(value)) query[name] = value.Trim();
        }
        if (cursor is not null) query["cursor"] = cursor.ToString();
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>Whether the action filter is one the list offers; another well-formed one is kept as an extra choice.</summary>
    public bool ActionIsListed => string.IsNullOrWhiteSpace(ActionFilter)
        || AuditQuery.KnownActions.Contains(ActionFilter.Trim()) || AuditQuery.KnownPrefixes.Contains(ActionFilter.Trim());

    public string? ErrorOf(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public string OutcomeName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Allowed => text["Allowed"],
        AuditOutcome.Refused => text["Refused"],
        _ => text["Failed"],
    };

    /// <summary>The roles of a row ("Admin,Patient") in the reader's words.</summary>
    public string RoleNames(string? roles) => roles is null ? "" : string.Join(", ", roles.Split(',').Select(role => role switch
    {
        Roles.Patient => text["Patient"].Value,
        Roles.Doctor => text["Doctor"].Value,
        Roles.Admin => text["Administrator"].Value,
        Roles.Support => text["Support"].Value,
        AuditTrail.SystemRole => text["CareSlot (automatic)"].Value,
        AuditTrail.AnonymousRole => text["Unknown person"].Value,
        _ => role,
    }));

    /// <summary>
    /// The checked filter, or null with the reasons next to their fields: text the binder refused (control characters) is
    /// never searched for, and the use case's own checks and account look-ups follow.
    /// </summary>
    private async Task<AuditFilter?> FilterAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return null;
        var (filter, problem) = await query.ParseAsync(
            new AuditFilterInput(UserFilter, PatientFilter, ActionFilter, OutcomeFilter, FromFilter, ToFilter), ct);
        if (problem is null) return filter;
        // Under the parameters' own names: the fields are named so, unprefixed, to keep the page's links and the API's alike.
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages) ModelState.AddModelError(field, message);
        }
        return null;
    }
}
