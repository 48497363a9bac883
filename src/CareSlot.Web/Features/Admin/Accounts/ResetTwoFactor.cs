using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>
/// For someone who lost their authenticator and recovery codes, once an administrator has checked who they are: two-factor
/// off, the authenticator key and recovery codes gone, every session ended at once, and an e-mail telling them (so an
/// impostor's request is noticed by the real owner).
/// </summary>
public sealed class ResetTwoFactor(AccountActionSteps steps, AccountMessages messages, IOptions<SiteOptions> site)
{
    /// <summary>Where Identity's store keeps the authenticator key and the recovery codes.</summary>
    private const string IdentityStore = "[AspNetUserStore]";

    public async Task<Outcome<AccountActionResult>> HandleAsync(ClaimsPrincipal admin, Guid accountId, TwoFactorResetRequest request, CancellationToken ct)
    {
        var (reason, invalid) = steps.CheckReason(request.Reason);
        if (invalid is not null) return invalid;
        if (!request.IdentityChecked)
        {
            return UseCaseProblem.Invalid("identityChecked", steps.Text["Confirm that you checked the person's identity (for example by a call back to the number on file)."]);
        }
        if (await steps.FindAsync(accountId) is not { } account) return steps.NotFound();
        if (!account.TwoFactorEnabled) return steps.Conflict(steps.Text["Two-factor authentication is not on for this account."]);

        await steps.RunAsync(admin, account, AccountAdminActionKind.TwoFactorReset, AuditActions.TwoFactorReset, reason!, async () =>
        {
            var oldStamp = account.SecurityStamp!;
            AccountActionSteps.Ensure(await steps.Users.SetTwoFactorEnabledAsync(account, false));
            AccountActionSteps.Ensure(await steps.Users.RemoveAuthenticationTokenAsync(account, IdentityStore, "AuthenticatorKey"));
            AccountActionSteps.Ensure(await steps.Users.RemoveAuthenticationTokenAsync(account, IdentityStore, "RecoveryCodes"));
            AccountActionSteps.Ensure(await steps.Users.UpdateSecurityStampAsync(account));
            if (account.Email is not null && account.EmailConfirmed)
            {
                await messages.QueueTwoFactorResetAsync(new Recipient(account.FullName, account.Email, account.PreferredLanguage),
                    site.Value.Link("/account/two-factor"), ct);
            }
            return [SessionRevocations.Revoked(account.Id, oldStamp)];
        }, ct);
        return new Outcome<AccountActionResult>(new AccountActionResult(account.Id, AccountStatuses.Of(account, steps.Now)), null);
    }
}
