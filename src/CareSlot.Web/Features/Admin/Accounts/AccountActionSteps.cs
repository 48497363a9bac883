using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>Why an administrator acts on an account: kept with the action, shown to administrators on the account's page.</summary>
public sealed record AccountActionRequest([property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>A two-factor reset needs, besides the reason, the administrator's word that they checked who asked for it.</summary>
public sealed record TwoFactorResetRequest([property: DataType(DataType.MultilineText)] string? Reason, bool IdentityChecked);

/// <summary>What an action did, for the page's notice and the API's answer.</summary>
public sealed record AccountActionResult(Guid AccountId, string Status);

/// <summary>
/// The steps every administrator's action on an account shares: the reason checked, the account found, one transaction
/// holding the change, its <see cref="AccountAdminAction"/> row, its audit row and the notice to every instance, and the
/// notice applied here once committed.
/// </summary>
public sealed class AccountActionSteps(CareSlotDb db, UserManager<Account> users, AuditTrail audit, IClock clock, SessionRevocations revocations,
    IStringLocalizer<AdminText> text)
{
    public UserManager<Account> Users => users;

    public IStringLocalizer<AdminText> Text => text;

    public Instant Now => clock.GetCurrentInstant();

    /// <summary>The reason, trimmed, or the problem with it (named <c>reason</c>).</summary>
    public (string? Reason, UseCaseProblem? Problem) CheckReason(string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return (null, UseCaseProblem.Invalid("reason", text["Give the reason: other administrators will read it."]));
        if (trimmed.Length > Account.AdminReasonMaxLength)
        {
            return (null, UseCaseProblem.Invalid("reason", text["Keep the reason under {0} characters.", Account.AdminReasonMaxLength]));
        }
        return (trimmed, null);
    }

    public async Task<Account?> FindAsync(Guid accountId) => await users.FindByIdAsync(accountId.ToString());

    public UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Account not found."], text["There is no account with that id."]);

    public UseCaseProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, text["The account cannot be changed that way."], detail);

    /// <summary>
    /// Runs <paramref name="change"/> and records it in one transaction; <paramref name="notices"/> (see
    /// <see cref="SessionRevocations"/>) reach every instance at the commit and this one right after.
    /// </summary>
    public async Task RunAsync(ClaimsPrincipal admin, Account account, AccountAdminActionKind kind, string auditAction, string reason,
        Func<Task<IReadOnlyList<string>>> change, CancellationToken ct)
    {
        IReadOnlyList<string> notices = [];
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            notices = await change();
            db.AccountAdminActions.Add(new AccountAdminAction(account.Id, kind, reason, admin.AccountId(), clock.GetCurrentInstant()));
            await db.SaveChangesAsync(ct);
            foreach (var notice in notices) await SessionRevocations.NotifyAsync(db, notice, ct);
            await audit.RecordAsync(new AuditEvent(auditAction, AuditOutcome.Allowed, Record: $"account {account.Id:D}"), ct);
            await transaction.CommitAsync(ct);
        });
        foreach (var notice in notices) revocations.Apply(notice);
    }

    /// <summary>Identity's own save of the account, as a fault if it fails: every rule was checked before.</summary>
    public static void Ensure(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Code)));
    }

    /// <summary>Administrators who can still act: in the role and not suspended.</summary>
    public async Task<int> ActiveAdministratorsAsync(CancellationToken ct) =>
        await db.UserRoles.Where(r => db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.Admin))
            .Join(db.Users, r => r.UserId, a => a.Id, (_, a) => a).CountAsync(a => a.SuspendedAt == null, ct);
}
