using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in manager, changed so that every API sign-in starts a refresh token family (<see cref="ApiSessions"/>).
/// </summary>
public sealed class AccountSignInManager(
    UserManager<Account> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<Account> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<Account>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Account> confirmation, ApiSessions apiSessions)
    : SignInManager<Account>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task SignInWithClaimsAsync(Account user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        if (AuthenticationScheme == IdentityConstants.BearerScheme)
        {
            var session = await apiSessions.StartAsync(user.Id, Context.RequestAborted);
            additionalClaims = [.. additionalClaims, .. session.ToClaims()];
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }
}
