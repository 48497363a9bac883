using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>
/// The account's password stops working and its sessions end at once; the person gets the usual password-reset e-mail
/// (<see cref="PasswordReset"/>), with a link bound to the new security stamp.
/// </summary>
public sealed class ForcePasswordReset(AccountActionSteps steps, PasswordReset passwordReset)
{
    public async Task<Outcome<AccountActionResult>> HandleAsync(ClaimsPrincipal admin, Guid accountId, AccountActionRequest request, CancellationToken ct)
    {
        var (reason, invalid) = steps.CheckReason(request.Reason);
        if (invalid is not null) return invalid;
        if (await steps.FindAsync(accountId) is not { } account) return steps.NotFound();
        if (account.IsSuspended) return steps.Conflict(steps.Text["The account is suspended: reactivate it first."]);
        if (!PasswordReset.CanBeSentALink(account))
        {
            return steps.Conflict(steps.Text["The account's e-mail address is not verified, so no reset link can be sent. Suspend the account instead."]);
        }

        await steps.RunAsync(admin, account, AccountAdminActionKind.PasswordResetForced, AuditActions.PasswordResetForced, reason!, async () =>
        {
            var oldStamp = account.SecurityStamp!;
            // Removing the password changes the stamp as well; an invited account that never had one gets a new stamp.
            AccountActionSteps.Ensure(account.PasswordHash is null
                ? await steps.Users.UpdateSecurityStampAsync(account)
                : await steps.Users.RemovePasswordAsync(account));
            await passwordReset.SendLinkAsync(account, ct);
            return [SessionRevocations.Revoked(account.Id, oldStamp)];
        }, ct);
        return new Outcome<AccountActionResult>(new AccountActionResult(account.Id, AccountStatuses.Of(account, steps.Now)), null);
    }
}
