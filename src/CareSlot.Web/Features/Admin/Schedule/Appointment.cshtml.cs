using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>An administrator's form to act on an appointment: on whose behalf, why, (for a move) which free slot, and "I confirm".</summary>
public sealed class OnBehalfInput
{
    public string? OnBehalfOf { get; set; }

    /// <summary>"typeId|start": the target's type and the slot's start (ISO-8601 with offset).</summary>
    public string? Slot { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Reason { get; set; }

    public bool Confirm { get; set; }
}

/// <summary>
/// One appointment for administrators: who, when, where, its history; cancel it or move it (to a free slot of its doctor or
/// a colleague) on behalf of the patient or the doctor, each with a reason and a confirmation box.
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class AppointmentModel(AppointmentCase cases, MoveTargets targets, ActOnBehalf act, IStringLocalizer<AdminText> text) : PageModel
{
    public AppointmentCaseView Appointment { get; private set; } = null!;
    public IReadOnlyList<TargetSlot> Slots { get; private set; } = [];

    [BindProperty] public OnBehalfInput Move { get; set; } = new();
    [BindProperty] public OnBehalfInput Cancellation { get; set; } = new();

    [TempData] public string? Message { get; set; }

    public static string SlotValue(TargetSlot slot) =>
        string.Create(CultureInfo.InvariantCulture, $"{slot.Target.TypeId}|{IsoTime.Format(slot.Start, slot.Zone)}");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostMoveAsync(Guid id, CancellationToken ct) => ActAsync(id, nameof(Move), Move, input =>
    {
        var parts = input.Slot?.Split('|', 2);
        int? typeId = parts is { Length: 2 } && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var type) ? type : null;
        return act.MoveAsync(User, id, new OnBehalfMoveRequest(input.OnBehalfOf, typeId, parts is { Length: 2 } ? parts[1] : null, input.Reason), ct);
    }, text["The appointment is moved; the patient and the doctor are told."], ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) => ActAsync(id, nameof(Cancellation), Cancellation,
        input => act.CancelAsync(User, id, new OnBehalfCancelRequest(input.OnBehalfOf, input.Reason), ct),
        text["The appointment is cancelled; the patient and the doctor are told."], ct);

    private async Task<IActionResult> ActAsync(Guid id, string form, OnBehalfInput input, Func<OnBehalfInput, Task<Outcome<AppointmentActionResult>>> change,
        string done, CancellationToken ct)
    {
        if (!input.Confirm) ModelState.AddModelError($"{form}.{nameof(OnBehalfInput.Confirm)}", text["Tick the box to confirm."]);
        var status = StatusCodes.Status400BadRequest;
        if (ModelState.IsValid)
        {
            var outcome = await change(input);
            if (outcome.Problem is null)
            {
                Message = done;
                return RedirectToPage(new { id });
            }
            if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
            status = outcome.Problem.Status;
            foreach (var (field, messages) in outcome.Problem.Errors ?? new Dictionary<string, string[]>())
            {
                var name = field switch
                {
                    "onBehalfOf" => nameof(OnBehalfInput.OnBehalfOf),
                    "reason" => nameof(OnBehalfInput.Reason),
                    _ => nameof(OnBehalfInput.Slot),
                };
                ModelState.AddModelError($"{form}.{name}", messages[0]);
            }
            if (outcome.Problem.Errors is null) ModelState.AddModelError("", outcome.Problem.Detail);
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await cases.FindAsync(id, ct) is not { } found) return false;
        Appointment = found;
        if (CareSlot.Scheduling.AppointmentStatusRules.IsActive(found.Status)) Slots = await targets.SuggestAsync(id, ct) ?? [];
        return true;
    }
}
