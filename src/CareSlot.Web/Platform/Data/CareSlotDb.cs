using CareSlot.Web.Features.Doctors;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Platform.Data;

/// <summary>
/// The one database of CareSlot. The model is shared; each provider has a subclass only so that
/// its migrations live in their own folder (SQLite and PostgreSQL generate different SQL).
/// </summary>
public abstract class CareSlotDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Specialty> Specialties => Set<Specialty>();
    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<Doctor> Doctors => Set<Doctor>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CareSlotDb).Assembly);
}

public sealed class SqliteCareSlotDb(DbContextOptions<SqliteCareSlotDb> options) : CareSlotDb(options);

public sealed class PostgresCareSlotDb(DbContextOptions<PostgresCareSlotDb> options) : CareSlotDb(options);
