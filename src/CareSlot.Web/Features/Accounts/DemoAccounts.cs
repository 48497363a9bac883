using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// One verified account per role for trying the site locally (README lists them). Development only:
/// a known password must never exist on a real installation.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "CareSlot-demo-2026";

    public static readonly IReadOnlyList<(string Email, string FullName, string Role)> All =
    [
        ("patient@careslot.test", "Pat Demo-Patient", Roles.Patient),
        ("doctor@careslot.test", "Dr. Dana Demo-Doctor", Roles.Doctor),
        ("admin@careslot.test", "Alex Demo-Admin", Roles.Admin),
        ("support@careslot.test", "Sam Demo-Support", Roles.Support),
    ];

    public static async Task<int> ApplyAsync(UserManager<Account> users, IClock clock)
    {
        var added = 0;
        foreach (var (email, fullName, role) in All)
        {
            if (await users.FindByEmailAsync(email) is not null) continue;
            var now = clock.GetCurrentInstant();
            var account = new Account
            {
                UserName = email, Email = email, EmailConfirmed = true, PhoneNumber = "+447400123001", PhoneNumberConfirmed = true,
                FullName = fullName, DateOfBirth = new DateOnly(1980, 1, 1), CreatedAt = now, TermsAcceptedAt = now, TermsVersion = "demo",
            };
            var created = await users.CreateAsync(account, Password);
            if (!created.Succeeded) throw new InvalidOperationException($"Demo account {email}: {string.Join(' ', created.Errors.Select(e => e.Description))}");
            await users.AddToRoleAsync(account, role);
            added++;
        }
        return added;
    }

    /// <summary>
    /// Gives the demo doctor account the first listed directory entry nobody signs in to, so the doctor's
    /// pages (schedule, appointments) have something to show. Returns 1 when it linked one.
    /// </summary>
    public static async Task<int> LinkDemoDoctorAsync(CareSlot.Web.Platform.Data.CareSlotDb db, UserManager<Account> users, CancellationToken ct)
    {
        var account = await users.FindByEmailAsync(All.Single(a => a.Role == Roles.Doctor).Email);
        if (account is null || await db.Doctors.AnyAsync(d => d.AccountId == account.Id, ct)) return 0;
        var doctorId = await db.Doctors.Where(d => d.IsListed && d.AccountId == null).OrderBy(d => d.Id).Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
        if (doctorId is null) return 0;
        return await db.Doctors.Where(d => d.Id == doctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, account.Id), ct);
    }
}
