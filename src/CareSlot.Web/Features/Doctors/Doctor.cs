using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareSlot.Web.Features.Doctors;

/// <summary>A doctor's public profile in the directory.</summary>
public sealed class Doctor
{
    public int Id { get; private set; }

    /// <summary>Honorific shown before the name, e.g. "Dr." or "Prof. Dr.".</summary>
    public string Title { get; private set; }

    public string GivenName { get; private set; }
    public string FamilyName { get; private set; }
    public string Bio { get; private set; }

    /// <summary>BCP 47 language tags the doctor consults in, e.g. "en", "de".</summary>
    public List<string> Languages { get; private set; }

    public bool AcceptingNewPatients { get; private set; }

    /// <summary>Only listed doctors appear in the directory; accounts pending approval are not listed.</summary>
    public bool IsListed { get; private set; }

    /// <summary>Name, specialties and clinics folded for free-text search; refreshed whenever they change.</summary>
    public string SearchKey { get; private set; } = "";

    public List<Specialty> Specialties { get; } = [];
    public List<Clinic> Clinics { get; } = [];

    public string DisplayName => $"{Title} {GivenName} {FamilyName}".Trim();

    public Doctor(string title, string givenName, string familyName, string bio, List<string> languages,
        bool acceptingNewPatients, bool isListed)
    {
        Title = title;
        GivenName = givenName;
        FamilyName = familyName;
        Bio = bio;
        Languages = languages;
        AcceptingNewPatients = acceptingNewPatients;
        IsListed = isListed;
    }

    public void RefreshSearchKey() =>
        SearchKey = SearchText.Fold(string.Join(' ',
            new[] { Title, GivenName, FamilyName }
                .Concat(Specialties.Select(s => s.Name))
                .Concat(Clinics.SelectMany(c => new[] { c.Name, c.City, c.Postcode }))));
}

public sealed class DoctorConfiguration : IEntityTypeConfiguration<Doctor>
{
    public void Configure(EntityTypeBuilder<Doctor> builder)
    {
        builder.Property(d => d.Title).HasMaxLength(32);
        builder.Property(d => d.GivenName).HasMaxLength(100);
        builder.Property(d => d.FamilyName).HasMaxLength(100);
        builder.Property(d => d.Bio).HasMaxLength(2000);
        builder.Property(d => d.SearchKey).HasMaxLength(2000);
        builder.Ignore(d => d.DisplayName);
        builder.HasIndex(d => new { d.IsListed, d.FamilyName, d.GivenName });
        builder.HasMany(d => d.Specialties).WithMany(s => s.Doctors).UsingEntity("DoctorSpecialties");
        builder.HasMany(d => d.Clinics).WithMany(c => c.Doctors).UsingEntity("DoctorClinics");
    }
}
