using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareSlot.Web.Features.Doctors;

public sealed class Specialty
{
    public int Id { get; private set; }

    /// <summary>Stable URL and API key, e.g. "cardiology".</summary>
    public string Slug { get; private set; }

    public string Name { get; private set; }

    public List<Doctor> Doctors { get; } = [];

    public Specialty(string slug, string name)
    {
        Slug = slug;
        Name = name;
    }

    /// <summary>The slug stays: it is in bookmarked search addresses and API clients' requests.</summary>
    public void Rename(string name) => Name = name;
}

public sealed class SpecialtyConfiguration : IEntityTypeConfiguration<Specialty>
{
    public void Configure(EntityTypeBuilder<Specialty> builder)
    {
        builder.Property(s => s.Slug).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(128);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.Name).IsUnique();
    }
}
