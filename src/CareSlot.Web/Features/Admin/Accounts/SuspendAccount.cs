using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>
/// Suspends an account: it can no longer sign in or reset its password, and its cookie sessions and tokens end at once on
/// every instance (ADR 0016). Not oneself, and not the last administrator who can still act: nobody could undo that.
/// </summary>
public sealed class SuspendAccount(AccountActionSteps steps)
{
    public async Task<Outcome<AccountActionResult>> HandleAsync(ClaimsPrincipal admin, Guid accountId, AccountActionRequest request, CancellationToken ct)
    {
        var (reason, invalid) = steps.CheckReason(request.Reason);
        if (invalid is not null) return invalid;
        if (await steps.FindAsync(accountId) is not { } account) return steps.NotFound();
        if (account.Id == admin.AccountId()) return steps.Conflict(steps.Text["You cannot suspend your own account."]);
        if (account.IsSuspended) return steps.Conflict(steps.Text["The account is suspended already."]);
        if (await steps.Users.IsInRoleAsync(account, Roles.Admin) && await steps.ActiveAdministratorsAsync(ct) <= 1)
        {
            return steps.Conflict(steps.Text["This is the last administrator who can act: suspending it would leave nobody to undo it."]);
        }

        await steps.RunAsync(admin, account, AccountAdminActionKind.Suspended, AuditActions.AccountSuspended, reason!, async () =>
        {
            account.SuspendedAt = steps.Now;
            account.SuspendedReason = reason;
            account.SuspendedBy = admin.AccountId();
            // A new stamp too, so that even a session this instance's set somehow missed ends at its next stamp check.
            AccountActionSteps.Ensure(await steps.Users.UpdateSecurityStampAsync(account));
            return [SessionRevocations.Suspended(account.Id)];
        }, ct);
        return new Outcome<AccountActionResult>(new AccountActionResult(account.Id, AccountStatuses.Suspended), null);
    }
}
