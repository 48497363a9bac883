using NodaTime;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>One row of the clinics list.</summary>
public sealed record ClinicListItem(int Id, string Name, string City, string TimeZone, int Doctors, bool Retired);

/// <summary>A doctor as the clinic's page lists them, with whether the directory lists them yet (approved).</summary>
public sealed record ClinicDoctor(int Id, string Name, bool Listed);

/// <summary>A clinic with everything an administrator edits, and the doctors who work there.</summary>
public sealed record ClinicDetails(int Id, string Name, string AddressLine, string Postcode, string City, string CountryCode,
    double Latitude, double Longitude, string TimeZone, string Phone, string? OpeningNotes,
    int CancellationLimitHours, int RescheduleLimitHours, int MaxUpcomingPerDoctor, int MaxReschedules, bool AutoConfirm,
    string? RetiredAt, IReadOnlyList<ClinicDoctor> Doctors);

/// <summary>An active appointment still to come that keeps a clinic open or a doctor at it. No patient, no reason.</summary>
public sealed record ClinicAppointment(Guid Id, string Start, string Doctor)
{
    [System.Text.Json.Serialization.JsonIgnore] public ZonedDateTime LocalStart { get; init; }
}

/// <summary>A specialty with how many doctors have it.</summary>
public sealed record SpecialtyListItem(int Id, string Slug, string Name, int Doctors);
