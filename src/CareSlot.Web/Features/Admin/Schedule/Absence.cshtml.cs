using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Schedule;

public sealed class AbsenceInput
{
    public string? From { get; set; }
    public string? To { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Reason { get; set; }

    public bool Confirm { get; set; }
}

public sealed class BulkInput
{
    public string? Action { get; set; }
    public List<Guid> AppointmentIds { get; set; } = [];

    [DataType(DataType.MultilineText)]
    public string? Reason { get; set; }

    public bool Confirm { get; set; }
}

/// <summary>
/// A doctor's absence: mark the days off, then move or cancel every affected appointment in one list. A row that could not
/// move stays listed with the reason why.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class AbsenceModel(DoctorAbsence absence, IStringLocalizer<AdminText> text) : PageModel
{
    public AbsenceView View { get; private set; } = null!;
    public IReadOnlyList<AbsenceRowResult> Results { get; private set; } = [];

    [BindProperty] public AbsenceInput Days { get; set; } = new();
    [BindProperty] public BulkInput Bulk { get; set; } = new();

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRecordAsync(int id, CancellationToken ct)
    {
        if (!Days.Confirm) ModelState.AddModelError("Days.Confirm", text["Tick the box to confirm."]);
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await absence.RecordAsync(User, id, new AbsenceRequest(Days.From, Days.To, Days.Reason), ct);
            if (outcome.Problem is null)
            {
                Message = text["The days are marked off; nobody can book them now. Move or cancel the appointments below."];
                return RedirectToPage(new { id });
            }
            if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = outcome.Problem.Status;
            Show("Days", outcome.Problem, field => field switch { "from" => "From", "to" => "To", _ => "Reason" });
        }
        return await LoadAsync(id, ct) ? PageWith(status) : NotFound();
    }

    public async Task<IActionResult> OnPostResolveAsync(int id, CancellationToken ct)
    {
        if (!Bulk.Confirm) ModelState.AddModelError("Bulk.Confirm", text["Tick the box to confirm."]);
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await absence.ResolveAsync(User, id, new AbsenceResolveRequest(Bulk.Action, Bulk.AppointmentIds, Bulk.Reason), ct);
            if (outcome.Problem is null)
            {
                Results = outcome.Value!;
                Bulk = new BulkInput();
                ModelState.Clear();
                return await LoadAsync(id, ct) ? Page() : NotFound();
            }
            if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = outcome.Problem.Status;
            Show("Bulk", outcome.Problem, field => field switch { "action" => "Action", "appointmentIds" => "AppointmentIds", _ => "Reason" });
        }
        return await LoadAsync(id, ct) ? PageWith(status) : NotFound();
    }

    private void Show(string form, UseCaseProblem problem, Func<string, string> property)
    {
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            ModelState.AddModelError($"{form}.{property(field)}", messages[0]);
        }
        if (problem.Errors is null) ModelState.AddModelError("", problem.Detail);
    }

    private PageResult PageWith(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await absence.ViewAsync(id, ct) is not { } view) return false;
        View = view;
        return true;
    }
}
