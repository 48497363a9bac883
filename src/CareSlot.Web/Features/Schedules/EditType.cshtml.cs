using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Schedules;

/// <summary>Changes one of the doctor's offered appointment types; booked appointments keep their times.</summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class EditTypeModel(CareSlotDb db, EditAppointmentType edit, IStringLocalizer<SchedulesText> text) : PageModel
{
    public AppointmentTypeInput Input { get; private set; } = new();
    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        if (await edit.FindAsync(doctorId, id, ct) is not { } type) return NotFound();
        Name = type.Name;
        Input = AppointmentTypeInput.From(LoadDoctorSchedule.ToView(type));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, AppointmentTypeInput type, CancellationToken ct)
    {
        if (await ScheduleOwner.DoctorIdAsync(User, db, ct) is not int doctorId) return Forbid();
        if (await edit.FindAsync(doctorId, id, ct) is not { } current) return NotFound();
        ModelState.Clear(); // the use case judges every value and names the field
        var outcome = await edit.HandleAsync(doctorId, id, type.ToRequest(), ct);
        if (outcome.Problem is null)
        {
            TempData[nameof(MyScheduleModel.Message)] = text["“{0}” is saved.", outcome.Value!.Name].Value;
            return Redirect($"{MyScheduleModel.PageUrl}#appointment-types");
        }
        Name = current.Name;
        Input = type;
        ScheduleProblems.AddTo(ModelState, outcome.Problem, AppointmentTypeInput.FieldFor);
        Response.StatusCode = outcome.Problem.Status;
        return Page();
    }
}
