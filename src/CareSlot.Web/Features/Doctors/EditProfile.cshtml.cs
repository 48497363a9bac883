using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Doctors;

[Authorize(Roles = Roles.Doctor)]
public sealed class EditProfileModel(UserManager<Account> users, EditDoctorProfile editProfile, ListSpecialties listSpecialties, CareSlotDb db,
    AnswerReviewQuestion answerQuestion, IStringLocalizer<DoctorsText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The answer to the administrators' open question, if there is one.</summary>
    [BindProperty]
    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
    public string? Answer { get; set; }

    /// <summary>Where the administrators' review of this doctor stands: a question to answer, or the reason of a rejection.</summary>
    public MyReview? Review { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public bool Listed { get; private set; }
    public IReadOnlyList<SpecialtyItem> AllSpecialties { get; private set; } = [];
    public IReadOnlyList<ClinicSummary> AllClinics { get; private set; } = [];

    public sealed class InputModel
    {
        public string? Title { get; set; }
        [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
        public string? Bio { get; set; }
        public List<string> Languages { get; set; } = [];
        public List<string> Specialties { get; set; } = [];
        public List<int> ClinicIds { get; set; } = [];
        public bool AcceptingNewPatients { get; set; }
        public string? LicenceNumber { get; set; }
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FindDoctorAsync(ct) is not { } doctor) return NotFound();
        Input = new InputModel
        {
            Title = doctor.Title, Bio = doctor.Bio, Languages = doctor.Languages, AcceptingNewPatients = doctor.AcceptingNewPatients,
            Specialties = [.. doctor.Specialties.Select(s => s.Slug)], ClinicIds = [.. doctor.Clinics.Select(c => c.Id)],
            LicenceNumber = doctor.LicenceNumber,
        };
        Listed = doctor.IsListed;
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (await FindDoctorAsync(ct) is not { } doctor) return NotFound();
        if (ModelState.IsValid)
        {
            var outcome = await answerQuestion.HandleAsync(doctor.AccountId!.Value, new ReviewAnswerRequest(Answer), ct);
            if (outcome.Problem is null)
            {
                Message = text["Thank you: your answer is with the administrators, who will review your registration again."];
                return RedirectToPage();
            }
            ModelState.AddModelError(nameof(Answer), outcome.Problem.Detail);
            Response.StatusCode = outcome.Problem.Status;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        ModelState.Remove("Input.Title"); // the profile's form was not sent: its fields have nothing to say
        Input = new InputModel
        {
            Title = doctor.Title, Bio = doctor.Bio, Languages = doctor.Languages, AcceptingNewPatients = doctor.AcceptingNewPatients,
            Specialties = [.. doctor.Specialties.Select(s => s.Slug)], ClinicIds = [.. doctor.Clinics.Select(c => c.Id)],
            LicenceNumber = doctor.LicenceNumber,
        };
        Listed = doctor.IsListed;
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await FindDoctorAsync(ct) is not { } doctor) return NotFound();
        ModelState.Clear(); // malformed clinic ids are "not from the list": the use case names the field
        var result = await editProfile.HandleAsync(doctor, new DoctorProfileRequest(Input.Title, Input.Bio, Input.Languages,
            Input.AcceptingNewPatients, Input.Specialties, Input.ClinicIds, Input.LicenceNumber), ct);
        if (result.Errors.Count > 0)
        {
            ModelState.AddInputErrors(result.Errors);
            Listed = doctor.IsListed;
            await LoadChoicesAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Message = result.NeedsReapproval
            ? text["Saved. Your new licence number must be approved again: until then patients cannot find you."]
            : text["Saved."];
        return RedirectToPage();
    }

    private async Task<Doctor?> FindDoctorAsync(CancellationToken ct) =>
        users.GetUserId(User) is { } id && Guid.TryParse(id, out var accountId) ? await editProfile.FindAsync(accountId, ct) : null;

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is { } myIdText && Guid.TryParse(myIdText, out var myId)) Review = await answerQuestion.MyReviewAsync(myId, ct);
        AllSpecialties = text.InReadersLanguage(await listSpecialties.HandleAsync(ct));
        // A retired clinic is offered only to the doctors still at it, so that saving the form keeps it.
        var me = users.GetUserId(User) is { } id && Guid.TryParse(id, out var accountId) ? accountId : Guid.Empty;
        AllClinics = await db.Clinics.AsNoTracking().Where(c => c.RetiredAt == null || c.Doctors.Any(d => d.AccountId == me))
            .OrderBy(c => c.City).ThenBy(c => c.Name).Select(c => new ClinicSummary(c.Id, c.Name, c.City)).ToListAsync(ct);
    }
}
