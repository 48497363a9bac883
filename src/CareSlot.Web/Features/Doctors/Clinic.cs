using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Features.Doctors;

public sealed class Clinic
{
    public int Id { get; private set; }
    public string Name { get; private set; }
    public string AddressLine { get; private set; }
    public string City { get; private set; }

    /// <summary>The city folded for matching (case and accents ignored), so "munchen" finds "München" on every provider.</summary>
    public string CityKey { get; private set; }

    public string Postcode { get; private set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string CountryCode { get; private set; }

    public double Latitude { get; private set; }
    public double Longitude { get; private set; }

    /// <summary>IANA time zone id; every local time of this clinic (working hours, messages) is in this zone.</summary>
    public string TimeZoneId { get; private set; }

    /// <summary>E.164.</summary>
    public string Phone { get; private set; }

    /// <summary>What patients should know before they come (opening times, entrance, parking): plain text, shown on doctors' profiles.</summary>
    public string? OpeningNotes { get; private set; }

    /// <summary>
    /// When an administrator closed the clinic: it and its hours leave the directory and booking, while past appointments
    /// still name it. Null while it is open.
    /// </summary>
    public Instant? RetiredAt { get; private set; }

    public ClinicPolicy Policy { get; private set; } = new();

    public List<Doctor> Doctors { get; } = [];

    public Clinic(string name, string addressLine, string city, string postcode, string countryCode,
        double latitude, double longitude, string timeZoneId, string phone)
    {
        Name = name;
        AddressLine = addressLine;
        City = city;
        CityKey = SearchText.Fold(city);
        Postcode = postcode;
        CountryCode = countryCode;
        Latitude = latitude;
        Longitude = longitude;
        TimeZoneId = timeZoneId;
        Phone = phone;
    }

    public const int OpeningNotesMaxLength = 1000;

    /// <summary>An administrator's edit of the clinic's details and rules.</summary>
    public void Change(string name, string addressLine, string city, string postcode, string countryCode,
        double latitude, double longitude, string timeZoneId, string phone, string? openingNotes, ClinicPolicy policy)
    {
        Name = name;
        AddressLine = addressLine;
        City = city;
        CityKey = SearchText.Fold(city);
        Postcode = postcode;
        CountryCode = countryCode;
        Latitude = latitude;
        Longitude = longitude;
        TimeZoneId = timeZoneId;
        Phone = phone;
        OpeningNotes = openingNotes;
        Policy = policy;
    }

    public void Retire(Instant now) => RetiredAt ??= now;

    public void Reinstate() => RetiredAt = null;
}

public sealed class ClinicConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.AddressLine).HasMaxLength(300);
        builder.Property(c => c.City).HasMaxLength(100);
        builder.Property(c => c.CityKey).HasMaxLength(100);
        builder.Property(c => c.Postcode).HasMaxLength(16);
        builder.Property(c => c.CountryCode).HasMaxLength(2);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64);
        builder.Property(c => c.Phone).HasMaxLength(16);
        builder.Property(c => c.OpeningNotes).HasMaxLength(Clinic.OpeningNotesMaxLength);
        builder.ComplexProperty(c => c.Policy);
        builder.HasIndex(c => c.CityKey);
        builder.HasIndex(c => c.Name).IsUnique();
    }
}
