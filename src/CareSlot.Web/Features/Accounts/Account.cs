using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Accounts;

/// <summary>A person who signs in: patient, doctor, administrator or support agent (see <see cref="Roles"/>).</summary>
public sealed class Account : IdentityUser<Guid>
{
    /// <summary>The longest reason an administrator may give for acting on an account.</summary>
    public const int AdminReasonMaxLength = 500;

    public string FullName { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    public Instant CreatedAt { get; set; }

    /// <summary>When the terms and privacy notice were accepted, and which version of them.</summary>
    public Instant TermsAcceptedAt { get; set; }

    public string TermsVersion { get; set; } = "";

    public string? Address { get; set; }
    public string? EmergencyContactName { get; set; }

    /// <summary>E.164; need not be a mobile.</summary>
    public string? EmergencyContactPhone { get; set; }

    /// <summary>BCP 47 tag of the language messages should use.</summary>
    public string PreferredLanguage { get; set; } = "en";

    // Reminders by SMS are a consent purpose: Features/Consents keeps them as records (ISmsReminderChoice), not a column here.

    /// <summary>Reminders by email; confirmations and cancellations always go by email.</summary>
    public bool EmailReminders { get; set; } = true;

    /// <summary>Confirmations, moves and cancellations by SMS as well as by e-mail, only ever to a verified number.</summary>
    public bool SmsUpdates { get; set; } = true;

    /// <summary>
    /// When an administrator suspended the account; null while it may sign in. A suspended account's sessions end at once
    /// on every instance (<see cref="SessionRevocations"/>, ADR 0016) and it can neither sign in nor reset its password.
    /// Not Identity's lockout, which failed sign-ins use and a password reset clears.
    /// </summary>
    public Instant? SuspendedAt { get; set; }

    /// <summary>Why, in the administrator's words (shown to administrators only).</summary>
    public string? SuspendedReason { get; set; }

    /// <summary>The administrator who suspended it.</summary>
    public Guid? SuspendedBy { get; set; }

    /// <summary>An account is active once either channel, email or phone, is verified.</summary>
    public bool IsActive => EmailConfirmed || PhoneNumberConfirmed;

    public bool IsSuspended => SuspendedAt is not null;
}

public static class Roles
{
    public const string Patient = "Patient";
    public const string Doctor = "Doctor";
    public const string Admin = "Admin";
    public const string Support = "Support";

    public static readonly IReadOnlyList<string> All = [Patient, Doctor, Admin, Support];

    /// <summary>Roles that hold other people's health data: shorter idle sessions, two-factor required.</summary>
    public static readonly IReadOnlyList<string> Staff = [Doctor, Admin, Support];
}

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.FullName).HasMaxLength(200);
        builder.Property(a => a.TermsVersion).HasMaxLength(32);
        builder.Property(a => a.PhoneNumber).HasMaxLength(16);
        builder.Property(a => a.Address).HasMaxLength(300);
        builder.Property(a => a.EmergencyContactName).HasMaxLength(200);
        builder.Property(a => a.EmergencyContactPhone).HasMaxLength(16);
        builder.Property(a => a.PreferredLanguage).HasMaxLength(8);
        builder.Ignore(a => a.IsActive);
        builder.Ignore(a => a.IsSuspended);
        builder.Property(a => a.SuspendedReason).HasMaxLength(Account.AdminReasonMaxLength);
        // Every instance loads the suspended accounts when it starts; the administrators' list sorts by creation.
        builder.HasIndex(a => a.SuspendedAt);
        builder.HasIndex(a => a.CreatedAt);
        // Identity checks uniqueness first; the index settles two registrations racing for one address.
        builder.HasIndex(a => a.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();
    }
}

/// <summary>Role rows are data every environment needs, so they are seeded by the migration.</summary>
public sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> builder) =>
        builder.HasData(Roles.All.Select((name, index) => new IdentityRole<Guid>
        {
            Id = new Guid($"00000000-0000-0000-0000-00000000000{index + 1}"),
            Name = name,
            NormalizedName = name.ToUpperInvariant(),
            ConcurrencyStamp = name,
        }));
}
