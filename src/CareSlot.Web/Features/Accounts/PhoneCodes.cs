using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

public sealed record PhoneCheckResult(bool Verified, string? Error);

/// <summary>6-digit SMS codes: valid 10 minutes, 5 wrong guesses, then a new code is needed.</summary>
public sealed class PhoneCodes(CareSlotDb db, IClock clock, AccountMessages messages, UserManager<Account> users,
    IStringLocalizer<AccountsText> text)
{
    /// <summary>Replaces any outstanding code for the account with a new one. The caller saves.</summary>
    public async Task<string> IssueAsync(Account account, string phoneNumber, CancellationToken ct)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var existing = await db.PhoneVerifications.FindAsync([account.Id], ct);
        var verification = existing ?? db.PhoneVerifications.Add(new PhoneVerification { AccountId = account.Id }).Entity;
        verification.PhoneNumber = phoneNumber;
        verification.CodeHash = Hash(account.Id, code);
        verification.ExpiresAt = clock.GetCurrentInstant() + PhoneVerification.Lifetime;
        verification.FailedAttempts = 0;
        return code;
    }

    /// <summary>Queues the code for <paramref name="phoneNumber"/>, in the account's language.</summary>
    public Task SendAsync(Account account, string phoneNumber, string code, CancellationToken ct) =>
        messages.QueuePhoneCodeAsync(new Recipient(account.FullName, phoneNumber, account.PreferredLanguage), code, ct);

    /// <summary>Issues, saves and sends a fresh code for the account's current number.</summary>
    public async Task ResendAsync(Account account, CancellationToken ct)
    {
        if (account.PhoneNumber is not { } number) return;
        var code = await IssueAsync(account, number, ct);
        await db.SaveChangesAsync(ct);
        await SendAsync(account, number, code, ct);
    }

    public async Task<PhoneCheckResult> CheckAsync(Account account, string? code, CancellationToken ct)
    {
        var verification = await db.PhoneVerifications.SingleOrDefaultAsync(v => v.AccountId == account.Id, ct);
        if (verification is null || verification.ExpiresAt <= clock.GetCurrentInstant())
        {
            return new(false, text["This code has expired. Ask for a new code."]);
        }
        if (verification.FailedAttempts >= PhoneVerification.MaxAttempts)
        {
            return new(false, text["Too many wrong codes. Ask for a new code."]);
        }
        var expected = Convert.FromHexString(verification.CodeHash);
        var actual = Convert.FromHexString(Hash(account.Id, (code ?? "").Trim()));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            verification.FailedAttempts++;
            await db.SaveChangesAsync(ct);
            var left = PhoneVerification.MaxAttempts - verification.FailedAttempts;
            return new(false, left switch
            {
                > 1 => text["That code is not right. {0} attempts left.", left],
                1 => text["That code is not right. 1 attempt left."],
                _ => text["Too many wrong codes. Ask for a new code."],
            });
        }

        account.PhoneNumber = verification.PhoneNumber;
        account.PhoneNumberConfirmed = true;
        db.PhoneVerifications.Remove(verification);
        var result = await users.UpdateAsync(account);
        return result.Succeeded ? new(true, null) : new(false, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    // Codes have only a million values, so the hash does not hide them from someone holding the table;
    // it keeps them out of backups and query logs. Guessing online is what the attempt limit stops.
    private static string Hash(Guid accountId, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId:N}:{code}")));
}
