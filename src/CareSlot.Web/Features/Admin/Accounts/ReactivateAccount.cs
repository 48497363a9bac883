using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Security.Audit;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>Lifts a suspension: the person may sign in again (their old sessions stay ended).</summary>
public sealed class ReactivateAccount(AccountActionSteps steps)
{
    public async Task<Outcome<AccountActionResult>> HandleAsync(ClaimsPrincipal admin, Guid accountId, AccountActionRequest request, CancellationToken ct)
    {
        var (reason, invalid) = steps.CheckReason(request.Reason);
        if (invalid is not null) return invalid;
        if (await steps.FindAsync(accountId) is not { } account) return steps.NotFound();
        if (!account.IsSuspended) return steps.Conflict(steps.Text["The account is not suspended."]);

        await steps.RunAsync(admin, account, AccountAdminActionKind.Reactivated, AuditActions.AccountReactivated, reason!, async () =>
        {
            account.SuspendedAt = null;
            account.SuspendedReason = null;
            account.SuspendedBy = null;
            AccountActionSteps.Ensure(await steps.Users.UpdateAsync(account));
            return [SessionRevocations.Reactivated(account.Id)];
        }, ct);
        return new Outcome<AccountActionResult>(new AccountActionResult(account.Id, AccountStatuses.Of(account, steps.Now)), null);
    }
}
