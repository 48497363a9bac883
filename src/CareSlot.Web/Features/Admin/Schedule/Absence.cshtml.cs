using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
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

/// <summary>What the absence page says of the doctor, in the reader's person.</summary>
public sealed record AbsenceWording(string DateHint, string OwnSlot, string ReasonHint, string NoneAffected, string AffectedCaption);

/// <summary>
/// A doctor's absence: mark the days off, then move or cancel every affected appointment in one list. A row that could not
/// move stays listed with the reason why. Administrators open it for any doctor (<see cref="AbsenceModel"/>), a doctor for
/// themselves (<see cref="OwnAbsenceModel"/>); <see cref="DoctorAbsence"/> checks which again.
/// </summary>
public abstract class AbsencePageModel(DoctorAbsence absence, IStringLocalizer<AdminText> text) : PageModel
{
    public AbsenceView View { get; private set; } = null!;
    public IReadOnlyList<AbsenceRowResult> Results { get; private set; } = [];

    [BindProperty] public AbsenceInput Days { get; set; } = new();
    [BindProperty] public BulkInput Bulk { get; set; } = new();

    [TempData] public string? Message { get; set; }

    /// <summary>Where an appointment of the list opens for this reader.</summary>
    public abstract string AppointmentPath(Guid id);

    /// <summary>The words that name the doctor: "the doctor's" for an administrator, "your" for the doctor.</summary>
    public abstract AbsenceWording Wording { get; }

    protected IStringLocalizer<AdminText> Text => text;

    /// <summary>The doctor whose absence the page shows; null when there is none for this reader (404).</summary>
    protected abstract Task<int?> DoctorIdAsync(CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await DoctorIdAsync(ct) is int id && await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRecordAsync(CancellationToken ct)
    {
        if (await DoctorIdAsync(ct) is not int id) return NotFound();
        if (!Days.Confirm) ModelState.AddModelError("Days.Confirm", text["Tick the box to confirm."]);
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await absence.RecordAsync(User, id, new AbsenceRequest(Days.From, Days.To, Days.Reason), ct);
            if (outcome.Problem is null)
            {
                Message = text["The days are marked off; nobody can book them now. Move or cancel the appointments below."];
                return LocalRedirect(Request.PathBase + Request.Path);
            }
            if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = outcome.Problem.Status;
            Show("Days", outcome.Problem, field => field switch { "from" => "From", "to" => "To", _ => "Reason" });
        }
        return await LoadAsync(id, ct) ? PageWith(status) : NotFound();
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken ct)
    {
        if (await DoctorIdAsync(ct) is not int id) return NotFound();
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

/// <summary>An administrator marks any doctor's absence: /admin/doctors/{id}/absence.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class AbsenceModel(DoctorAbsence absence, IStringLocalizer<AdminText> text) : AbsencePageModel(absence, text)
{
    public override string AppointmentPath(Guid id) => $"/admin/appointments/{id}";

    public override AbsenceWording Wording => new(
        Text["A date such as 2026-11-24; at each of the doctor's clinics."],
        Text["Move to the doctor's next free slot of the same type after the absence"],
        Text["The doctor and other administrators read it; patients do not."],
        Text["No appointment still to come lies outside the doctor's hours."],
        Text["Appointments outside the doctor's hours, in order of their start"]);

    protected override Task<int?> DoctorIdAsync(CancellationToken ct) =>
        Task.FromResult(int.TryParse(RouteData.Values["id"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null);
}

/// <summary>A doctor marks their own absence: /account/schedule/absence, beside their schedule.</summary>
[Authorize(Policy = AccountPolicies.DoctorWithSecondFactor)]
public sealed class OwnAbsenceModel(DoctorAbsence absence, CareSlotDb db, IStringLocalizer<AdminText> text) : AbsencePageModel(absence, text)
{
    public override string AppointmentPath(Guid id) => $"/appointments/{id}";

    public override AbsenceWording Wording => new(
        Text["A date such as 2026-11-24; at each of your clinics."],
        Text["Move to your next free slot of the same type after the absence"],
        Text["Administrators read it; patients do not."],
        Text["No appointment still to come lies outside your hours."],
        Text["Appointments outside your hours, in order of their start"]);

    protected override Task<int?> DoctorIdAsync(CancellationToken ct) => ScheduleOwner.DoctorIdAsync(User, db, ct);
}
