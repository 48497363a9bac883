using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Records;

/// <summary>The doctor writes what happened at a visit, and may complete the visit with the same button.</summary>
[Authorize(Policy = AccountPolicies.SignedIn)]
public sealed class NoteModel(CareSlotDb db, RecordGate gate, DoctorPatients patients, WriteRecord write, CompleteVisit complete,
    IStringLocalizer<RecordsText> text) : PageModel
{
    public DoctorVisit Visit { get; private set; } = null!;

    [BindProperty]
    public NoteInput Input { get; set; } = new();

    /// <summary>Ticked when the form opens; an unticked box posts nothing, so the default must be false.</summary>
    [BindProperty]
    public bool CompleteVisit { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (await db.RecordEntries.Where(e => e.AppointmentId == id).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct) is { } noteId)
        {
            return LocalRedirect($"/records/{noteId}");
        }
        CompleteVisit = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        if (!ModelState.IsValid) return BadRequestPage();
        var outcome = await write.WriteNoteAsync(User, id, new VisitNoteRequest(Input.Summary, Input.Findings, Input.Diagnosis, Input.DiagnosisCode,
            Input.Prescriptions, Input.FollowUp), ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddProblem(problem);
            Response.StatusCode = problem.Status;
            return Page();
        }
        Message = text["The note is saved."];
        if (CompleteVisit && await complete.HandleAsync(User, id, ct) is { } notCompleted)
        {
            Message = text["The note is saved, but the visit could not be completed: {0}", notCompleted.Detail];
        }
        else if (CompleteVisit)
        {
            Message = text["The note is saved and the visit is completed."];
        }
        return LocalRedirect($"/records/{outcome.Value!.Id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null
            || !await gate.AllowsAsync(User, appointment, RecordOperations.WriteNote, appointment.PatientId, $"appointment {id}", ct))
        {
            return NotFound();
        }
        Visit = (await patients.ChartVisitsAsync(appointment.PatientId, appointment.DoctorId, ct)).Single(v => v.AppointmentId == id);
        return null;
    }

    private PageResult BadRequestPage()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
