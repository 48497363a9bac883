using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Platform.Data;

/// <summary>
/// The one database of CareSlot. The model is shared; each provider has a subclass only so that
/// its migrations live in their own folder (SQLite and PostgreSQL generate different SQL).
/// </summary>
public abstract class CareSlotDb(DbContextOptions options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Specialty> Specialties => Set<Specialty>();
    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<Doctor> Doctors => Set<Doctor>();
    public DbSet<PhoneVerification> PhoneVerifications => Set<PhoneVerification>();

    /// <summary>Shared by every instance, so a cookie or link issued by one is valid on all (and after a restart).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CareSlotDb).Assembly);
    }
}

public sealed class SqliteCareSlotDb(DbContextOptions<SqliteCareSlotDb> options) : CareSlotDb(options)
{
    /// <summary>
    /// SQLite has no timestamp type: instants are fixed-width UTC ISO text, so text order is time order
    /// and comparisons in SQL stay correct.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<Instant>().HaveConversion<InstantAsSortableText>();

    private sealed class InstantAsSortableText() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Instant, string>(
        instant => Pattern.Format(instant), text => Pattern.Parse(text).Value)
    {
        private static readonly InstantPattern Pattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fffffff'Z'");
    }
}

public sealed class PostgresCareSlotDb(DbContextOptions<PostgresCareSlotDb> options) : CareSlotDb(options);
