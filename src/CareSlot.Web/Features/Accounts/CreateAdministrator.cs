using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>Creates an administrator whose email counts as verified: the operator vouches for it. Returns the problems, if any.</summary>
public sealed class CreateAdministrator(CareSlotDb db, UserManager<Account> users, IClock clock)
{
    public async Task<IReadOnlyList<string>> HandleAsync(string email, string password)
    {
        email = email.Trim();
        var now = clock.GetCurrentInstant();
        var account = new Account
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = "Administrator",
            CreatedAt = now, TermsAcceptedAt = now, TermsVersion = "operator",
        };
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded) return [.. created.Errors.Select(e => e.Description)];
        var role = await users.AddToRoleAsync(account, Roles.Admin);
        if (!role.Succeeded) return [.. role.Errors.Select(e => e.Description)];
        await transaction.CommitAsync();
        return [];
    }
}
