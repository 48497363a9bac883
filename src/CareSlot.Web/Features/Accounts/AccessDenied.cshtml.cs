using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Accounts;

public sealed class AccessDeniedModel : PageModel
{
    /// <summary>Staff who are refused only for want of a second factor get told how to add one.</summary>
    public bool NeedsSecondFactor { get; private set; }

    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        NeedsSecondFactor = Roles.Staff.Any(User.IsInRole)
            && !User.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor);
    }
}
