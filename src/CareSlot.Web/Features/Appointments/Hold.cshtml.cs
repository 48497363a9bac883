using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Appointments;

/// <summary>
/// Where a chosen slot is posted. Someone not signed in is sent to sign in and then back to the same
/// doctor and week, rather than losing their place.
/// </summary>
public sealed class HoldModel(HoldSlot holdSlot, IStringLocalizer<AppointmentsText> text) : PageModel
{
    public string? Problem { get; private set; }
    public string? ProblemDetail { get; private set; }
    public int? DoctorId { get; private set; }

    public IActionResult OnGet() => Redirect("/doctors");

    public async Task<IActionResult> OnPostAsync(int? doctorId, int? appointmentTypeId, string? start, CancellationToken ct)
    {
        DoctorId = doctorId;
        if (User.Identity?.IsAuthenticated != true)
        {
            var back = doctorId is null ? "/doctors" : $"/doctors/{doctorId}?type={appointmentTypeId}";
            return Redirect($"/account/sign-in?returnUrl={Uri.EscapeDataString(back)}");
        }
        if (!User.IsInRole(Roles.Patient))
        {
            Problem = text["Only patients can book."];
            ProblemDetail = text["You are signed in with a staff account. Sign in with a patient account to book an appointment."];
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        if (!ModelState.IsValid)
        {
            Problem = text["That time could not be held."];
            ProblemDetail = ModelState.Values.SelectMany(e => e.Errors).First().ErrorMessage;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await holdSlot.HandleAsync(User.AccountId(), new HoldSlotRequest(doctorId, appointmentTypeId, start), ct);
        if (outcome.Problem is { } problem)
        {
            Problem = problem.Title;
            ProblemDetail = problem.Detail;
            Response.StatusCode = problem.Status;
            return Page();
        }
        return Redirect($"/appointments/confirm/{outcome.Value!.Id}");
    }
}
