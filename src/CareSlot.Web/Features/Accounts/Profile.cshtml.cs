using System.Globalization;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Accounts;

[Authorize]
public sealed class ProfileModel(UserManager<Account> users, SignInManager<Account> signIn, UpdateProfile updateProfile, ISmsReminderChoice smsReminders,
    IConfiguration configuration)
    : PageModel
{
    // The notices are kept as their English text (the key) and translated when shown: after a change of language the
    // next page speaks the new one, and so should the notice on it.
    private const string Saved = "Saved.";
    private const string SavedEmailWaits = "Saved. We sent a link to your new email address; until you open it, we keep using the old one.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    /// <summary>The languages the site offers, each to be named in its own language.</summary>
    public IReadOnlyList<CultureInfo> Languages { get; } = [.. SiteLanguages.Offered(configuration).Select(CultureInfo.GetCultureInfo)];

    /// <summary>The preference, or English when it is one the site does not offer (older profiles could choose others).</summary>
    public string SelectedLanguage => Languages.Any(l => l.Name == Input.PreferredLanguage) ? Input.PreferredLanguage! : SiteLanguages.Default;

    public sealed class InputModel
    {
        public string? FullName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Address { get; set; }
        public string? EmergencyContactName { get; set; }
        public string? EmergencyContactPhone { get; set; }
        public string? PreferredLanguage { get; set; }
        public bool EmailReminders { get; set; }
        public bool SmsReminders { get; set; }
        public bool SmsUpdates { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } me) return Challenge();
        Input = new InputModel
        {
            FullName = me.FullName, Email = me.Email, Phone = me.PhoneNumber is null ? null : MobilePhone.Format(me.PhoneNumber),
            Address = me.Address, EmergencyContactName = me.EmergencyContactName,
            EmergencyContactPhone = me.EmergencyContactPhone is null ? null : MobilePhone.Format(me.EmergencyContactPhone),
            PreferredLanguage = me.PreferredLanguage, EmailReminders = me.EmailReminders, SmsReminders = await smsReminders.IsOnAsync(me.Id, ct), SmsUpdates = me.SmsUpdates,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } me) return Challenge();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var languageBefore = me.PreferredLanguage;
        var result = await updateProfile.HandleAsync(me, new ProfileRequest(Input.FullName, Input.Email, Input.Phone, Input.Address,
            Input.EmergencyContactName, Input.EmergencyContactPhone, Input.PreferredLanguage, Input.EmailReminders, Input.SmsReminders, Input.SmsUpdates), ct);
        if (!result.Succeeded)
        {
            ModelState.AddInputErrors(result.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The session carries the language (AccountClaimsPrincipalFactory): renew it, so the next page speaks the new one.
        if (me.PreferredLanguage != languageBefore) await signIn.RefreshSignInAsync(me);
        if (result.PhoneVerificationSent) return RedirectToPage("/Accounts/VerifyPhone", new { email = me.Email });
        Message = result.EmailVerificationSent ? SavedEmailWaits : Saved;
        return RedirectToPage();
    }
}
