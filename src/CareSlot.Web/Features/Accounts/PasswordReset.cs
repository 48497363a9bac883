using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

public sealed record ForgotPasswordRequest(string? Email);

public sealed record ResetPasswordRequest(string? Email, string? Token, string? NewPassword);

/// <summary>
/// Password reset by e-mailed link. The request answers the same whether or not the address exists;
/// the link is Identity's token, which names the security stamp, so it works once.
/// </summary>
public sealed class PasswordReset(UserManager<Account> users, AccountMessages messages, IOptions<SiteOptions> site,
    IStringLocalizer<AccountsText> text, AuditTrail audit)
{
    public const string Path = "/account/reset-password";

    public async Task RequestAsync(string? address, CancellationToken ct)
    {
        // The row names the account the address belongs to as the actor, as a sign-in attempt does; never the address.
        if (string.IsNullOrWhiteSpace(address) || await users.FindByEmailAsync(address.Trim()) is not { } account)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.PasswordResetRequested, AuditOutcome.Refused, ActorRole: AuditTrail.AnonymousRole), ct);
            return;
        }
        // A suspended account stays shut until an administrator reactivates it: a reset link would open it again.
        var refused = !CanBeSentALink(account);
        await audit.RecordAsync(new AuditEvent(AuditActions.PasswordResetRequested, refused ? AuditOutcome.Refused : AuditOutcome.Allowed,
            ActorId: account.Id, ActorRole: AuditTrail.RolesText(await users.GetRolesAsync(account))), ct);
        if (refused) return;
        await SendLinkAsync(account, ct);
    }

    /// <summary>Once an account is active, messages go only to verified channels; a suspended account gets none.</summary>
    public static bool CanBeSentALink(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Email is not null && !account.IsSuspended && (!account.IsActive || account.EmailConfirmed);
    }

    /// <summary>Queues the e-mail with a reset link (bound to the account's current security stamp) to the account's address.</summary>
    public async Task SendLinkAsync(Account account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var link = site.Value.Link($"{Path}?email={Uri.EscapeDataString(account.Email!)}&token={Uri.EscapeDataString(token)}");
        // In the account's own language, like every message CareSlot sends (Notifications writes it).
        await messages.QueuePasswordResetAsync(new Recipient(account.FullName, account.Email!, account.PreferredLanguage), link, ct);
    }

    /// <summary>The problems keyed by field, empty on success.</summary>
    public async Task<Dictionary<string, string[]>> ResetAsync(ResetPasswordRequest request)
    {
        string invalidLink = text["This reset link is not valid any more. Ask for a new one."];
        if (string.IsNullOrEmpty(request.NewPassword)) return new() { ["newPassword"] = [text["Choose a password of at least 10 characters."]] };
        var account = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        // Suspension does not change Identity's lockout, which this reset clears: it is checked on its own.
        if (account is null || account.IsSuspended || string.IsNullOrEmpty(request.Token)) return new() { ["token"] = [invalidLink] };

        var result = await users.ResetPasswordAsync(account, request.Token, request.NewPassword);
        if (result.Succeeded)
        {
            // The owner proved control of the mailbox: a lockout from guessing must not keep them out now.
            // (Identity changed the security stamp, so other sessions and the link itself are done.)
            await users.SetLockoutEndDateAsync(account, null);
            await users.ResetAccessFailedCountAsync(account);
            return [];
        }
        return result.Errors.Any(e => e.Code == "InvalidToken")
            ? new() { ["token"] = [invalidLink] }
            : new() { ["newPassword"] = [.. result.Errors.Select(e => e.Description).Distinct()] };
    }
}
