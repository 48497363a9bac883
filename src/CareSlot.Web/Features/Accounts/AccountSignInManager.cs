using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in manager, changed where its answers or their timing told who is registered, and so that every
/// API sign-in starts a refresh token family (<see cref="ApiSessions"/>).
/// </summary>
public sealed class AccountSignInManager(
    UserManager<Account> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<Account> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<Account>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Account> confirmation, ApiSessions apiSessions)
    : SignInManager<Account>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>
    /// The one answer to a failed password sign-in: wrong password, unknown address and locked account alike. A locked-out
    /// person can no longer be told so specifically, so it says what they need to know. The English text, and its key in AccountsText.
    /// </summary>
    public const string FailedMessage =
        "The email address or password is not correct. After 5 failed attempts in a row an account is locked for 15 minutes, and even the right password does not work until then.";

    /// <summary>A hash with the app's settings that no password matches, to spend the same work on an unknown address.</summary>
    private static string? placeholderHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } account) return await PasswordSignInAsync(account, password, isPersistent, lockoutOnFailure);
        VerifyForTiming(null, password);
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(Account user, string password, bool lockoutOnFailure)
    {
        // The framework answers these two before it checks the password, so they were quick, and "not verified" came
        // for any password: both told who is registered.
        if (await IsLockedOut(user))
        {
            VerifyForTiming(user, password);
            return await LockedOut(user);
        }
        if (!await CanSignInAsync(user))
        {
            // Only whoever knows the password learns that the account waits for verification.
            if (await UserManager.CheckPasswordAsync(user, password)) return SignInResult.NotAllowed;
            if (lockoutOnFailure) await UserManager.AccessFailedAsync(user);
            return SignInResult.Failed;
        }
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task SignInWithClaimsAsync(Account user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        if (AuthenticationScheme == IdentityConstants.BearerScheme)
        {
            var session = await apiSessions.StartAsync(user.Id, Context.RequestAborted);
            additionalClaims = [.. additionalClaims, .. session.ToClaims()];
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }

    /// <summary>A password check whose result is not used, for as long as a real one takes.</summary>
    private void VerifyForTiming(Account? account, string password)
    {
        var hasher = UserManager.PasswordHasher;
        placeholderHash ??= hasher.HashPassword(new Account(), Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(account ?? new Account(), account?.PasswordHash ?? placeholderHash, password);
    }
}
