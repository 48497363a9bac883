using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Consents;

/// <summary>
/// Where <see cref="ConsentReview"/> sends a signed-in person whose accepted notice is older than the current one (or who
/// withdrew it): what changed, and one button to accept; then back to the page they wanted.
/// </summary>
[Authorize]
public sealed class ReviewModel(ConsentLedger ledger, UserManager<Accounts.Account> users) : PageModel
{
    public string NoticeVersion => ledger.NoticeVersion;

    /// <summary>The version the person accepted last, if any; null when they withdrew it.</summary>
    public string? AcceptedVersion { get; private set; }

    public bool Required { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(User), out var me)) return Challenge();
        var terms = (await ledger.OverviewAsync(me, ct)).Current.Single(c => c.Purpose == ConsentPurpose.TermsAndPrivacyNotice);
        AcceptedVersion = terms.Given ? terms.NoticeVersion : null;
        Required = await ledger.ReconsentRequiredAsync(me, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(User), out var me)) return Challenge();
        await ledger.ChangeAsync(me, ConsentPurpose.TermsAndPrivacyNotice, true, ConsentSource.Reconsent, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account");
    }
}
