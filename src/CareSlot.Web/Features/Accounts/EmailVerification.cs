using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Accounts;

/// <summary>Sends the verification link and confirms an address when the link comes back.</summary>
public sealed class EmailVerification(EmailVerificationTokens tokens, AccountMessages messages, UserManager<Account> users, IOptions<SiteOptions> site,
    IStringLocalizer<AccountsText> text)
{
    public const string Path = "/account/verify-email";

    /// <summary>Queues the link for <paramref name="address"/>: the account's own, or a new address it wants to use.</summary>
    public async Task SendAsync(Account account, CancellationToken ct, string? address = null)
    {
        address ??= account.Email!;
        var token = await tokens.IssueAsync(account, address);
        var link = site.Value.Link($"{Path}?token={Uri.EscapeDataString(token)}");
        // In the account's own language (set from the page at registration), like every message CareSlot sends.
        await messages.QueueEmailVerificationAsync(new Recipient(account.FullName, address, account.PreferredLanguage), link, ct);
    }

    /// <summary>Confirms the address the token was issued for (switching to it if it is new); null on success, else why not.</summary>
    public async Task<string?> ConfirmAsync(string? token)
    {
        var (account, address, error) = await tokens.ValidateAsync(token);
        if (account is null) return error;
        if (!string.Equals(account.Email, address, StringComparison.OrdinalIgnoreCase))
        {
            if (await users.FindByEmailAsync(address!) is not null) return text["Another account uses this email address now."];
            account.Email = address;
            account.UserName = address;
            await users.UpdateNormalizedEmailAsync(account);
            await users.UpdateNormalizedUserNameAsync(account);
        }
        account.EmailConfirmed = true;
        var result = await users.UpdateAsync(account);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Select(e => e.Description));
        await users.UpdateSecurityStampAsync(account); // the link is single use
        return null;
    }
}
