using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

/// <summary>
/// Opens a dispute about one of the viewer's appointments (the appointment's page links here): its kind, a statement and a
/// file. Someone else's appointment is 404; one with a dispute in progress links to that dispute instead.
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
[RequestSizeLimit(MessagingApi.MaxUploadRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MessagingApi.MaxUploadRequestBytes)]
public sealed class NewModel(CareSlotDb db, DisputeQueries queries, OpenDispute open, IStringLocalizer<MessagingText> fileText) : PageModel
{
    public DisputableAppointment Appointment { get; private set; } = null!;

    [BindProperty]
    public StatementInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? appointmentId, CancellationToken ct) => await LoadAsync(appointmentId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid? appointmentId, CancellationToken ct)
    {
        if (await LoadAsync(appointmentId, ct) is { } refused) return refused;
        if (!ModelState.IsValid) return Invalid(StatusCodes.Status400BadRequest);
        var (upload, tooLarge) = await AttachmentForm.ReadFileAsync(Input.File, ModelState, "Input.File", fileText, ct);
        if (tooLarge) return Invalid(StatusCodes.Status400BadRequest);
        var outcome = await open.HandleAsync(User, new OpenDisputeRequest(appointmentId, Input.Kind, Input.Statement), upload, ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            ModelState.AddProblem(problem);
            return Invalid(problem.Status);
        }
        return LocalRedirect($"/disputes/{outcome.Value!.Id}?opened=true");
    }

    private PageResult Invalid(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid? appointmentId, CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        if (appointmentId is not { } id || await queries.DisputableAsync(viewer, id, ct) is not { } appointment) return NotFound();
        Appointment = appointment;
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.Kind", "Input.Statement", "Input.File"];
}
