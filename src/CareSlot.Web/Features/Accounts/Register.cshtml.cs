using CareSlot.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

[EnableRateLimiting(RateLimitingExtensions.Accounts)]
public sealed class RegisterModel(RegisterPatient registerPatient, IOptions<AccountOptions> options) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string TermsVersion => options.Value.TermsVersion;

    public sealed class InputModel
    {
        public string? FullName { get; set; }
        public string? DateOfBirth { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Password { get; set; }
        public bool AcceptTerms { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadRequestPage();
        var result = await registerPatient.HandleAsync(
            new RegisterPatientRequest(Input.FullName, Input.DateOfBirth, Input.Email, Input.Phone, Input.Password, Input.AcceptTerms), ct);
        if (result.Succeeded) return RedirectToPage("/Accounts/VerifyPhone", new { email = Input.Email?.Trim(), registered = true });

        ModelState.AddInputErrors(result.Errors);
        return BadRequestPage();
    }

    private PageResult BadRequestPage()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
