using System.Security.Claims;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in manager, changed where its answers or their timing told who is registered, and so that every
/// API sign-in starts a refresh token family (<see cref="ApiSessions"/>), and so that every attempt leaves one row in the
/// audit trail (the account it named as the actor, none for an unknown address; never the address or the password).
/// </summary>
public sealed class AccountSignInManager(
    UserManager<Account> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<Account> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<Account>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Account> confirmation, ApiSessions apiSessions, AuditTrail audit)
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
        await audit.RecordAsync(new AuditEvent(AuditActions.SignInFailed, AuditOutcome.Failed, ActorRole: AuditTrail.AnonymousRole), Context.RequestAborted);
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> PasswordSignInAsync(Account user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        var wasLocked = await IsLockedOut(user);
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        // A correct password with two-factor on is not a sign-in yet: its second step writes the row.
        if (!result.RequiresTwoFactor) await RecordAsync(user, result, AuditActions.SignInFailed, wasLocked);
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLocked = user is not null && await IsLockedOut(user);
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        await RecordAsync(user, result, AuditActions.TwoFactorSignInFailed, wasLocked);
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLocked = user is not null && await IsLockedOut(user);
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        await RecordAsync(user, result, AuditActions.TwoFactorSignInFailed, wasLocked);
        return result;
    }

    /// <summary>One row per attempt: in, or why not. A lockout this attempt caused has a row of its own (<see cref="AccountUserManager"/>).</summary>
    private async Task RecordAsync(Account? user, SignInResult result, string failedAction, bool wasLocked)
    {
        var (action, outcome) = result switch
        {
            { Succeeded: true } => (AuditActions.SignInSucceeded, AuditOutcome.Allowed),
            { IsNotAllowed: true } => (failedAction, AuditOutcome.Refused),
            { IsLockedOut: true } when wasLocked => (failedAction, AuditOutcome.Refused),
            _ => (failedAction, AuditOutcome.Failed),
        };
        var roles = user is null ? AuditTrail.AnonymousRole : AuditTrail.RolesText(await UserManager.GetRolesAsync(user));
        await audit.RecordAsync(new AuditEvent(action, outcome, ActorId: user?.Id, ActorRole: roles), Context.RequestAborted);
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

    /// <summary>
    /// Whether the last sign-in of this request was refused because an administrator suspended the account; told only to
    /// whoever gave its right password, like "not verified yet".
    /// </summary>
    public bool LastRefusalWasSuspension { get; private set; }

    public override async Task<bool> CanSignInAsync(Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        LastRefusalWasSuspension = user.IsSuspended;
        return !user.IsSuspended && await base.CanSignInAsync(user);
    }

    /// <summary>A password check whose result is not used, for as long as a real one takes.</summary>
    private void VerifyForTiming(Account? account, string password)
    {
        var hasher = UserManager.PasswordHasher;
        placeholderHash ??= hasher.HashPassword(new Account(), Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(account ?? new Account(), account?.PasswordHash ?? placeholderHash, password);
    }
}
