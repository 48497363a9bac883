namespace CareSlot.Web.Features.Doctors;

public sealed record SpecialtyItem(string Slug, string Name);

public sealed record ClinicSummary(int Id, string Name, string City);

public sealed record ClinicDetail(int Id, string Name, string AddressLine, string City, string Postcode,
    string CountryCode, string TimeZone, string Phone, double Latitude, double Longitude, string? OpeningNotes = null);

public sealed record DoctorSummary(int Id, string DisplayName, string Title, string GivenName, string FamilyName,
    IReadOnlyList<SpecialtyItem> Specialties, IReadOnlyList<ClinicSummary> Clinics,
    IReadOnlyList<string> Languages, bool AcceptingNewPatients)
{
    /// <summary>The next free slot in the doctor's clinic time (ISO-8601 with offset); null when none is known within four weeks.</summary>
    public string? NextAvailable { get; init; }

    /// <summary>The same, for pages: "Wed 25 Nov, 09:00 CET".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? NextAvailableText { get; init; }

    /// <summary>With a date range, the first free slot within it, written as <see cref="NextAvailable"/> is; null without one.</summary>
    public string? FirstAvailableInRange { get; init; }

    /// <summary>The same, for pages.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? FirstAvailableInRangeText { get; init; }
}

public sealed record DoctorProfile(int Id, string DisplayName, string Title, string GivenName, string FamilyName,
    string Bio, IReadOnlyList<SpecialtyItem> Specialties, IReadOnlyList<ClinicDetail> Clinics,
    IReadOnlyList<string> Languages, bool AcceptingNewPatients);

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount)
{
    public int TotalPages => TotalCount == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
}
