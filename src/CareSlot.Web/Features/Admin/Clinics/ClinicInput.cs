using System.ComponentModel.DataAnnotations;
using System.Globalization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>
/// The clinic form as typed: numbers stay text here so that "abc" or "52,5" reaches the use case, which names the field
/// in the reader's language, instead of the model binder's English message.
/// </summary>
public sealed class ClinicInput
{
    public string? Name { get; set; }
    public string? AddressLine { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public string? CountryCode { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string? TimeZone { get; set; }
    public string? Phone { get; set; }

    [DataType(DataType.MultilineText)]
    public string? OpeningNotes { get; set; }

    public string? CancellationLimitHours { get; set; } = "24";
    public string? RescheduleLimitHours { get; set; } = "24";
    public string? MaxUpcomingPerDoctor { get; set; } = "2";
    public string? MaxReschedules { get; set; } = "3";
    /// <summary>False unless posted: an unticked box sends nothing.</summary>
    public bool AutoConfirm { get; set; }

    /// <summary>Field names in the form's order, for the error summary.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
    [
        "Input.Name", "Input.AddressLine", "Input.Postcode", "Input.City", "Input.CountryCode", "Input.Latitude", "Input.Longitude",
        "Input.TimeZone", "Input.Phone", "Input.OpeningNotes", "Input.CancellationLimitHours", "Input.RescheduleLimitHours",
        "Input.MaxUpcomingPerDoctor", "Input.MaxReschedules",
    ];

    public ClinicRequest ToRequest() => new(Name, AddressLine, Postcode, City, CountryCode, Decimal(Latitude), Decimal(Longitude), TimeZone,
        Phone, OpeningNotes, Whole(CancellationLimitHours), Whole(RescheduleLimitHours), Whole(MaxUpcomingPerDoctor), Whole(MaxReschedules),
        AutoConfirm);

    public static ClinicInput From(ClinicDetails clinic) => new()
    {
        Name = clinic.Name,
        AddressLine = clinic.AddressLine,
        Postcode = clinic.Postcode,
        City = clinic.City,
        CountryCode = clinic.CountryCode,
        Latitude = clinic.Latitude.ToString(CultureInfo.InvariantCulture),
        Longitude = clinic.Longitude.ToString(CultureInfo.InvariantCulture),
        TimeZone = clinic.TimeZone,
        Phone = clinic.Phone,
        OpeningNotes = clinic.OpeningNotes,
        CancellationLimitHours = clinic.CancellationLimitHours.ToString(CultureInfo.InvariantCulture),
        RescheduleLimitHours = clinic.RescheduleLimitHours.ToString(CultureInfo.InvariantCulture),
        MaxUpcomingPerDoctor = clinic.MaxUpcomingPerDoctor.ToString(CultureInfo.InvariantCulture),
        MaxReschedules = clinic.MaxReschedules.ToString(CultureInfo.InvariantCulture),
        AutoConfirm = clinic.AutoConfirm,
    };

    /// <summary>A decimal comma is read as a point: German administrators type "52,52".</summary>
    private static double? Decimal(string? value) =>
        double.TryParse(value?.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
            out var number) ? number : null;

    private static int? Whole(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The time zones of the list, grouped by region ("Europe", "America") and sorted; aliases and "Etc/" zones left out.</summary>
    public static IReadOnlyList<IGrouping<string, string>> TimeZoneGroups { get; } =
        [.. DateTimeZoneProviders.Tzdb.Ids
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal)
                && NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.CanonicalIdMap[id] == id)
            .Append("UTC")
            .Order(StringComparer.Ordinal)
            .GroupBy(id => id.Contains('/', StringComparison.Ordinal) ? id[..id.IndexOf('/', StringComparison.Ordinal)] : id)];
}

/// <summary>What the clinic form's fields need: the values and the errors to show next to them.</summary>
public sealed record ClinicFieldsView(ClinicInput Input, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary ModelState);
