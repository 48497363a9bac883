using System.Security.Claims;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>Identity's claims, and the person's language, so every page speaks it without a database read.</summary>
public sealed class AccountClaimsPrincipalFactory(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SiteLanguages.PreferenceClaim, user.PreferredLanguage));
        return identity;
    }
}
