using System.ComponentModel.DataAnnotations;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Messaging;

/// <summary>
/// Starts a conversation: a patient with a doctor who cares for them, a doctor with one of their patients, optionally about
/// one of their appointments together (the appointment page links here with it chosen).
/// </summary>
[Authorize(Policy = AccountPolicies.PatientOrStaffWithSecondFactor)]
public sealed class NewModel(CareSlotDb db, ConversationQueries queries, StartConversation start) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;
    public IReadOnlyList<Correspondent> Correspondents { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        /// <summary>The doctor's id (patients) or the patient's (doctors).</summary>
        public string? To { get; set; }

        public string? AppointmentId { get; set; }
        public string? Subject { get; set; }

        [DataType(DataType.MultilineText)]
        public string? Body { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? appointmentId, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        if (appointmentId is { } chosen && Correspondents.FirstOrDefault(c => c.Appointments.Any(a => a.Id == chosen)) is { } with)
        {
            Input.To = with.Id;
            Input.AppointmentId = chosen.ToString();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        if (!ModelState.IsValid) return Invalid();
        var patientWrites = Viewer.Actor == Actor.Patient;
        int? doctorId = patientWrites && int.TryParse(Input.To, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        var request = new StartConversationRequest(doctorId, patientWrites ? null : Input.To, Input.AppointmentId, Input.Subject, Input.Body);
        var outcome = await start.HandleAsync(User, request, ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]> { [""] = [problem.Detail] })
            {
                var key = field switch { "doctorId" or "patientId" => "Input.To", "" => "", _ => "Input." + char.ToUpperInvariant(field[0]) + field[1..] };
                foreach (var message in messages) ModelState.AddModelError(key, message);
            }
            return Invalid();
        }
        return LocalRedirect($"/messages/{outcome.Value!.Id}");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await Viewer.FromAsync(User, db, ct) is not { } viewer) return Forbid();
        // Administrators read by break-glass; they never start a conversation.
        if (viewer.Actor is not (Actor.Patient or Actor.Doctor)) return NotFound();
        Viewer = viewer;
        Correspondents = await queries.CorrespondentsAsync(viewer, ct);
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static readonly IReadOnlyList<string> FieldOrder = ["Input.To", "Input.AppointmentId", "Input.Subject", "Input.Body"];
}
