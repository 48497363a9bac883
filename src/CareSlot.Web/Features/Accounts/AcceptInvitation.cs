using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

public sealed record AcceptInvitationRequest(string? Token, string? NewPassword);

/// <summary>
/// A staff member invited by an administrator sets their first password through the e-mailed link. The link proves the
/// mailbox, so the address counts as verified; two-factor comes next, as staff need it for every staff page.
/// </summary>
public sealed class AcceptInvitation(UserManager<Account> users, StaffInvitationTokens tokens, AuditTrail audit, IStringLocalizer<AccountsText> text)
{
    public const string Path = "/account/accept-invitation";

    /// <summary>The invited account if the link still works.</summary>
    public async Task<Account?> FindAsync(string? token)
    {
        if (tokens.Read(token) is not { } read || await users.FindByIdAsync(read.AccountId.ToString()) is not { } account) return null;
        return account.PasswordHash is null && !account.IsSuspended && account.SecurityStamp == read.Stamp ? account : null;
    }

    /// <summary>The problems keyed by field (token, newPassword), empty on success.</summary>
    public async Task<Dictionary<string, string[]>> HandleAsync(AcceptInvitationRequest request, CancellationToken ct)
    {
        if (await FindAsync(request.Token) is not { } account)
        {
            return new() { ["token"] = [text["This invitation link is not valid any more. Ask an administrator for a new invitation."]] };
        }
        if (string.IsNullOrEmpty(request.NewPassword)) return new() { ["newPassword"] = [text["Choose a password of at least 10 characters."]] };
        var added = await users.AddPasswordAsync(account, request.NewPassword);
        if (!added.Succeeded) return new() { ["newPassword"] = [.. added.Errors.Select(e => e.Description).Distinct()] };
        account.EmailConfirmed = true;
        await users.UpdateAsync(account);
        await audit.RecordAsync(new AuditEvent(AuditActions.StaffInvitationAccepted, AuditOutcome.Allowed, Record: $"account {account.Id:D}",
            ActorId: account.Id, ActorRole: AuditTrail.RolesText(await users.GetRolesAsync(account))), ct);
        return [];
    }
}
