using System.Text.RegularExpressions;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>
/// A doctor's schedule on one page: a plain form per clinic for the weekly hours, and forms for time off,
/// extra hours, appointment types and booking rules. Every change goes through the same use case as the
/// API; a change that would strand booked patients comes back with HTTP 409 and links to each of them.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed partial class MyScheduleModel(CareSlotDb db, LoadDoctorSchedule load, IStringLocalizer<SchedulesText> text) : PageModel
{
    public const string PageUrl = "/account/schedule";

    public DoctorScheduleView Schedule { get; private set; } = null!;
    public Dictionary<int, WeeklyHoursInput> Weekly { get; } = [];
    public TimeOffInput TimeOff { get; private set; } = new();
    public ExtraHoursInput Extra { get; private set; } = new();
    public AppointmentTypeInput NewType { get; private set; } = AppointmentTypeInput.Blank();
    public BookingRulesInput Rules { get; private set; } = new();

    /// <summary>The field ids in the order the error summary lists their problems.</summary>
    public List<string> FieldOrder { get; } = [];

    public IReadOnlyList<ScheduleConflict> Conflicts { get; private set; } = [];

    /// <summary>What was not saved, said above the list of conflicting appointments.</summary>
    public string? RefusedChange { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        await LoadAsync(doctorId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWeeklyHoursAsync(WeeklyHoursInput weekly, [FromServices] SaveWeeklyHours save, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        ModelState.Clear(); // the use case judges every value and names the field
        var (request, fields) = weekly.ToRequest(text);
        var outcome = await save.HandleAsync(doctorId, request, ct);
        var clinic = await ClinicNameAsync(weekly.ClinicId, ct);
        if (outcome.Problem is not { } problem)
        {
            return Saved(clinic is null ? text["The weekly hours are saved."] : text["The weekly hours at {0} are saved.", clinic], $"clinic-{weekly.ClinicId}");
        }

        await LoadAsync(doctorId, ct);
        if (Weekly.ContainsKey(weekly.ClinicId)) Weekly[weekly.ClinicId] = weekly.Padded();
        FieldOrder.AddRange(fields.SelectMany(f => new[] { f.StartId, f.EndId }));
        return Refused(problem, clinic is null ? text["Your new weekly hours are not saved."] : text["Your new weekly hours at {0} are not saved.", clinic], field =>
        {
            if (IntervalField().Match(field) is not { Success: true } match) return "";
            var (startId, endId, _) = fields[int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)];
            return match.Groups["part"].Value == ".end" ? endId : startId;
        }, field => IntervalField().Match(field) is { Success: true } match
            ? fields[int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)].Label
            : "");
    }

    public async Task<IActionResult> OnPostAddTimeOffAsync(TimeOffInput timeOff, [FromServices] AddTimeOff add, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        ModelState.Clear();
        var outcome = await add.HandleAsync(doctorId, timeOff.ToRequest(), ct);
        if (outcome.Problem is not { } problem) return Saved(text["The time off is added."], "time-off");

        await LoadAsync(doctorId, ct);
        TimeOff = timeOff;
        FieldOrder.AddRange(["time-off-start-date", "time-off-start-time", "time-off-end-date", "time-off-end-time", "time-off-note"]);
        return Refused(problem, text["The time off is not added."], timeOff.FieldFor);
    }

    public async Task<IActionResult> OnPostRemoveTimeOffAsync(int id, [FromServices] RemoveTimeOff remove, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        return await remove.HandleAsync(doctorId, id, ct) ? Saved(text["The time off is removed."], "time-off") : NotFound();
    }

    public async Task<IActionResult> OnPostAddExtraHoursAsync(ExtraHoursInput extra, [FromServices] AddExtraHours add, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        ModelState.Clear();
        var outcome = await add.HandleAsync(doctorId, extra.ToRequest(), ct);
        if (outcome.Problem is not { } problem) return Saved(text["The extra hours are added."], "extra-hours");

        await LoadAsync(doctorId, ct);
        Extra = extra;
        FieldOrder.AddRange(["extra-clinic", "extra-date", "extra-start", "extra-end"]);
        return Refused(problem, text["The extra hours are not added."], ExtraHoursInput.FieldFor);
    }

    public async Task<IActionResult> OnPostRemoveExtraHoursAsync(int id, [FromServices] RemoveExtraHours remove, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        if (await remove.HandleAsync(doctorId, id, ct) is not { } problem) return Saved(text["The extra hours are removed."], "extra-hours");
        if (problem.Status == StatusCodes.Status404NotFound) return NotFound();

        await LoadAsync(doctorId, ct);
        return Refused(problem, text["The extra hours are not removed."], _ => "");
    }

    public async Task<IActionResult> OnPostAddTypeAsync(AppointmentTypeInput type, [FromServices] AddAppointmentType add, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        ModelState.Clear();
        var outcome = await add.HandleAsync(doctorId, type.ToRequest(), ct);
        if (outcome.Problem is not { } problem) return Saved(text["“{0}” is offered now.", outcome.Value!.Name], "appointment-types");

        await LoadAsync(doctorId, ct);
        NewType = type;
        FieldOrder.AddRange(AppointmentTypeInput.FieldOrder);
        return Refused(problem, text["The appointment type is not added."], AppointmentTypeInput.FieldFor);
    }

    public async Task<IActionResult> OnPostRetireTypeAsync(int id, [FromServices] RetireAppointmentType retire, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        return await retire.HandleAsync(doctorId, id, ct)
            ? Saved(text["The appointment type is no longer offered. Appointments already booked keep it."], "appointment-types")
            : NotFound();
    }

    public async Task<IActionResult> OnPostBookingRulesAsync(BookingRulesInput rules, [FromServices] ChangeBookingRules change, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        ModelState.Clear();
        var outcome = await change.HandleAsync(doctorId, rules.ToRequest(), ct);
        if (outcome.Problem is not { } problem) return Saved(text["The booking rules are saved."], "booking-rules");

        await LoadAsync(doctorId, ct);
        Rules = rules;
        FieldOrder.AddRange(["rules-notice", "rules-horizon"]);
        return Refused(problem, text["The booking rules are not saved."], BookingRulesInput.FieldFor);
    }

    public string ClinicName(int clinicId) => Schedule.Clinics.FirstOrDefault(c => c.Id == clinicId)?.Name ?? text["Clinic {0}", clinicId];

    private async Task LoadAsync(int doctorId, CancellationToken ct)
    {
        Schedule = await load.HandleAsync(doctorId, ct);
        foreach (var clinic in Schedule.Clinics) Weekly[clinic.Id] = WeeklyHoursInput.From(clinic.Id, Schedule.WeeklyHours);
        Rules = BookingRulesInput.From(Schedule.BookingRules);
        Extra = new ExtraHoursInput { ClinicId = Schedule.Clinics.Count == 1 ? AppointmentTypeInput.Number(Schedule.Clinics[0].Id) : null };
    }

    private Task<string?> ClinicNameAsync(int clinicId, CancellationToken ct) =>
        db.Clinics.Where(c => c.Id == clinicId).Select(c => (string?)c.Name).FirstOrDefaultAsync(ct);

    private RedirectResult Saved(string message, string section)
    {
        Message = message;
        return Redirect($"{PageUrl}#{section}");
    }

    private PageResult Refused(UseCaseProblem problem, string refusedChange, Func<string, string> fieldFor, Func<string, string>? label = null)
    {
        var conflicts = ScheduleConflicts.Of(problem);
        if (conflicts.Count > 0)
        {
            Conflicts = conflicts;
            RefusedChange = refusedChange;
        }
        else
        {
            ScheduleProblems.AddTo(ModelState, problem, fieldFor, label);
        }
        Response.StatusCode = problem.Status;
        return Page();
    }

    [GeneratedRegex(@"^intervals\[(?<index>\d+)\](?<part>\.\w+)?$")]
    private static partial Regex IntervalField();
}
