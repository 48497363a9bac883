using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Doctors;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class RegisterModel(RegisterDoctor registerDoctor, ListSpecialties listSpecialties, CareSlotDb db,
    IStringLocalizer<DoctorsText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SpecialtyItem> AllSpecialties { get; private set; } = [];
    public IReadOnlyList<ClinicSummary> AllClinics { get; private set; } = [];

    public sealed class InputModel
    {
        public string? FullName { get; set; }
        public string? DateOfBirth { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Password { get; set; }
        public string? LicenceNumber { get; set; }
        public List<string> Specialties { get; set; } = [];
        public int? ClinicId { get; set; }
        public bool AcceptTerms { get; set; }
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public Task OnGetAsync(CancellationToken ct) => LoadChoicesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A malformed clinic id is just "no clinic chosen": the use case names the field.
        ModelState.Clear();
        var result = await registerDoctor.HandleAsync(new RegisterDoctorRequest(Input.FullName, Input.DateOfBirth, Input.Email,
            Input.Phone, Input.Password, Input.AcceptTerms, Input.LicenceNumber, Input.Specialties, Input.ClinicId), ct);
        if (result.Succeeded) return RedirectToPage("/Accounts/VerifyPhone", new { email = Input.Email?.Trim(), registered = true });

        ModelState.AddInputErrors(result.Errors);
        await LoadChoicesAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        AllSpecialties = text.InReadersLanguage(await listSpecialties.HandleAsync(ct));
        AllClinics = await db.Clinics.AsNoTracking().Where(c => c.RetiredAt == null).OrderBy(c => c.City).ThenBy(c => c.Name)
            .Select(c => new ClinicSummary(c.Id, c.Name, c.City)).ToListAsync(ct);
    }
}
