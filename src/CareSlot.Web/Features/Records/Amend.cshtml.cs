using CareSlot.Web.Platform.Data;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Records;

/// <summary>A new version of an entry, starting from the current words, with the reason for the change.</summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class AmendModel(CareSlotDb db, PatientRecords records, RecordGate gate, WriteRecord write, IStringLocalizer<RecordsText> text) : PageModel
{
    public RecordEntryView Entry { get; private set; } = null!;

    [BindProperty]
    public NoteInput Input { get; set; } = new();

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
    public string? Reason { get; set; }

    [TempData]
    public string? Message { get; set; }

    public bool IsNote => Entry.Kind == RecordKind.VisitNote;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await MayAmendAsync(id, ct) || await records.EntryAsync(User, id, ct) is not { } entry) return NotFound();
        Entry = entry;
        var current = entry.Content;
        Title = current.Title;
        Input = new NoteInput
        {
            Summary = current.Summary, Findings = current.Findings, Diagnosis = current.Diagnosis, DiagnosisCode = current.DiagnosisCode,
            Prescriptions = current.Prescriptions, FollowUp = current.FollowUp,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await ShowAgainAsync(id, StatusCodes.Status400BadRequest, ct);
        var outcome = await write.AmendAsync(User, id, new AmendmentRequest(Reason, Title, Input.Summary, Input.Findings, Input.Diagnosis,
            Input.DiagnosisCode, Input.Prescriptions, Input.FollowUp), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]> { [""] = [$"{problem.Title} {problem.Detail}"] })
            {
                // The title and reason are bound at the top level, a note's fields under Input.
                var key = field is "reason" or "title" ? char.ToUpperInvariant(field[0]) + field[1..]
                    : field.Length == 0 ? "" : "Input." + char.ToUpperInvariant(field[0]) + field[1..];
                if (field == "details") key = "Input.Summary";
                foreach (var message in messages) ModelState.AddModelError(key, message);
            }
            return await ShowAgainAsync(id, problem.Status, ct);
        }
        Message = text["The entry is amended. Earlier versions stay readable."];
        return LocalRedirect($"/records/{id}");
    }

    private async Task<bool> MayAmendAsync(Guid id, CancellationToken ct) =>
        await db.RecordEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } row
        && await gate.AllowsAsync(User, row, RecordOperations.Amend, row.PatientId, $"entry {id}", ct);

    private async Task<IActionResult> ShowAgainAsync(Guid id, int status, CancellationToken ct)
    {
        if (!await MayAmendAsync(id, ct) || await records.EntryAsync(User, id, ct) is not { } entry) return NotFound();
        Entry = entry;
        Response.StatusCode = status;
        return Page();
    }
}
