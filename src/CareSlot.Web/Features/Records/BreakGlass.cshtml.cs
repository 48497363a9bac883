using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Records;

public sealed record BreakGlassListing(Guid PatientId, string PatientName, string AdminName, string Reason, Instant OpenedAt, Instant ExpiresAt);

/// <summary>
/// Emergency access to one patient's record, for an hour, with a reason the patient will read; and every opening so far,
/// so administrators watch each other.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class BreakGlassModel(CareSlotDb db, OpenBreakGlass open, IClock clock) : PageModel
{
    public const int Shown = 50;

    [BindProperty]
    public BreakGlassInput Input { get; set; } = new();

    public IReadOnlyList<BreakGlassListing> Openings { get; private set; } = [];
    public Instant Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await open.HandleAsync(User, new BreakGlassRequest(Input.PatientEmail, Input.Reason), ct);
            if (outcome.Problem is null) return LocalRedirect($"/patients/{outcome.Value!.PatientId}/chart");
            ModelState.AddProblem(outcome.Problem);
        }
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetCurrentInstant();
        Openings = await db.BreakGlassAccesses.AsNoTracking().OrderByDescending(b => b.OpenedAt).Take(Shown)
            .Join(db.Users, b => b.PatientId, p => p.Id, (b, p) => new { b, PatientName = p.FullName })
            .Join(db.Users, x => x.b.AdminId, a => a.Id, (x, a) => new BreakGlassListing(x.b.PatientId, x.PatientName, a.FullName, x.b.Reason,
                x.b.OpenedAt, x.b.ExpiresAt))
            .ToListAsync(ct);
        Openings = [.. Openings.OrderByDescending(o => o.OpenedAt)];
    }
}

public sealed class BreakGlassInput
{
    public string? PatientEmail { get; set; }

    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
    public string? Reason { get; set; }
}
