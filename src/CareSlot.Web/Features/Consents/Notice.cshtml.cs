using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Consents;

/// <summary>The public privacy notice, with the version people accept (<c>Accounts:TermsVersion</c>).</summary>
[AllowAnonymous]
public sealed class NoticeModel(IOptions<AccountOptions> accounts) : PageModel
{
    public string Version => accounts.Value.TermsVersion;

    public void OnGet()
    {
    }
}
