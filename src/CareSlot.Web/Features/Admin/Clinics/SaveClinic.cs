using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using PhoneNumbers;

namespace CareSlot.Web.Features.Admin.Clinics;

/// <summary>
/// A clinic as an administrator writes it: where it is, its zone and phone, notes for patients, and its booking rules.
/// Numbers are nullable so that a missing one is named like any other mistake.
/// </summary>
public sealed record ClinicRequest(string? Name, string? AddressLine, string? Postcode, string? City, string? CountryCode,
    double? Latitude, double? Longitude, string? TimeZone, string? Phone, [property: DataType(DataType.MultilineText)] string? OpeningNotes,
    int? CancellationLimitHours, int? RescheduleLimitHours, int? MaxUpcomingPerDoctor, int? MaxReschedules, bool AutoConfirm);

/// <summary>Creates a clinic or changes one, with its audit row, in one transaction; the directory sees the change at once.</summary>
public sealed class SaveClinic(CareSlotDb db, AuditTrail audit, ClinicDirectory directory, ClinicQueries queries, IStringLocalizer<AdminText> text)
{
    public const int MaxLimitHours = 24 * 30;
    public const int MaxUpcomingLimit = 50;
    public const int MaxReschedulesLimit = 20;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async Task<Outcome<ClinicDetails>> CreateAsync(ClinicRequest request, CancellationToken ct)
    {
        var (fields, problem) = await CheckAsync(null, request, ct);
        if (problem is not null) return problem;
        var clinic = new Clinic(fields!.Name, fields.AddressLine, fields.City, fields.Postcode, fields.CountryCode, fields.Latitude,
            fields.Longitude, fields.TimeZone, fields.Phone);
        clinic.Change(fields.Name, fields.AddressLine, fields.City, fields.Postcode, fields.CountryCode, fields.Latitude, fields.Longitude,
            fields.TimeZone, fields.Phone, fields.OpeningNotes, fields.Policy);
        db.Clinics.Add(clinic);
        return await SaveAsync(clinic, AuditActions.ClinicCreated, ct);
    }

    public async Task<Outcome<ClinicDetails>> UpdateAsync(int id, ClinicRequest request, CancellationToken ct)
    {
        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (clinic is null) return NotFound(text);
        var (fields, problem) = await CheckAsync(id, request, ct);
        if (problem is not null) return problem;
        clinic.Change(fields!.Name, fields.AddressLine, fields.City, fields.Postcode, fields.CountryCode, fields.Latitude, fields.Longitude,
            fields.TimeZone, fields.Phone, fields.OpeningNotes, fields.Policy);
        return await SaveAsync(clinic, AuditActions.ClinicUpdated, ct);
    }

    internal static UseCaseProblem NotFound(IStringLocalizer<AdminText> text) =>
        UseCaseProblem.NotFound(text["Clinic not found."], text["There is no clinic with that id."]);

    private async Task<Outcome<ClinicDetails>> SaveAsync(Clinic clinic, string action, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                await directory.ChangedAsync(clinic.Id, ct);
                await audit.RecordAsync(new AuditEvent(action, AuditOutcome.Allowed, Record: $"clinic {clinic.Id}"), ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateException)
        {
            // Another administrator took the name between the check and the save: the unique index decided.
            db.ChangeTracker.Clear();
            if (!await NameTakenAsync(clinic.Id, clinic.Name, ct)) throw;
            return UseCaseProblem.Invalid("name", text["Another clinic already has this name."]);
        }
        await directory.CommittedAsync(ct);
        return new Outcome<ClinicDetails>((await queries.FindAsync(clinic.Id, ct))!, null);
    }

    private async Task<bool> NameTakenAsync(int ownId, string name, CancellationToken ct)
    {
        // Clinics are few: comparing in memory gives the same case-insensitive answer on both providers.
        var names = await db.Clinics.AsNoTracking().Where(c => c.Id != ownId).Select(c => c.Name).ToListAsync(ct);
        return names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    private sealed record ClinicFields(string Name, string AddressLine, string Postcode, string City, string CountryCode, double Latitude,
        double Longitude, string TimeZone, string Phone, string? OpeningNotes, ClinicPolicy Policy);

    private async Task<(ClinicFields? Fields, UseCaseProblem? Problem)> CheckAsync(int? id, ClinicRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Required(request.Name, "name", 200, text["Enter the clinic's name (at most 200 characters)."], errors);
        var address = Required(request.AddressLine, "addressLine", 300, text["Enter the street address (at most 300 characters)."], errors);
        var postcode = Required(request.Postcode, "postcode", 16, text["Enter the postcode (at most 16 characters)."], errors);
        var city = Required(request.City, "city", 100, text["Enter the city (at most 100 characters)."], errors);

        var country = request.CountryCode?.Trim().ToUpperInvariant() ?? "";
        if (country.Length != 2 || !Phones.GetSupportedRegions().Contains(country))
        {
            errors["countryCode"] = [text["Enter the country as its two-letter ISO code, for example DE, GB or US."]];
        }
        if (request.Latitude is not (>= -90 and <= 90)) errors["latitude"] = [text["Enter a latitude from -90 to 90 (decimal degrees, for example 52.52)."]];
        if (request.Longitude is not (>= -180 and <= 180)) errors["longitude"] = [text["Enter a longitude from -180 to 180 (decimal degrees, for example 13.40)."]];

        var zone = request.TimeZone?.Trim() ?? "";
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null) errors["timeZone"] = [text["Choose the clinic's time zone from the list."]];

        // A number typed without its country code is read as one of the clinic's country.
        var phone = MobilePhone.ParseAny(request.Phone, errors.ContainsKey("countryCode") ? null : country);
        if (!phone.IsValid) errors["phone"] = [text["Enter the clinic's phone number with its country code, for example +49 30 1234567."]];

        string? notes = null;
        if (!InputText.IsBlank(request.OpeningNotes))
        {
            notes = request.OpeningNotes!.Trim();
            if (notes.Length > Clinic.OpeningNotesMaxLength)
            {
                errors["openingNotes"] = [text["Keep the notes for patients to at most {0} characters.", Clinic.OpeningNotesMaxLength]];
            }
        }

        Range(request.CancellationLimitHours, "cancellationLimitHours", 0, MaxLimitHours, errors);
        Range(request.RescheduleLimitHours, "rescheduleLimitHours", 0, MaxLimitHours, errors);
        Range(request.MaxUpcomingPerDoctor, "maxUpcomingPerDoctor", 1, MaxUpcomingLimit, errors);
        Range(request.MaxReschedules, "maxReschedules", 0, MaxReschedulesLimit, errors);

        if (name is not null && await NameTakenAsync(id ?? 0, name, ct)) errors["name"] = [text["Another clinic already has this name."]];
        if (errors.Count > 0) return (null, UseCaseProblem.Invalid(errors));

        var policy = new ClinicPolicy
        {
            CancellationLimitHours = request.CancellationLimitHours!.Value,
            RescheduleLimitHours = request.RescheduleLimitHours!.Value,
            MaxUpcomingPerDoctor = request.MaxUpcomingPerDoctor!.Value,
            MaxReschedules = request.MaxReschedules!.Value,
            AutoConfirm = request.AutoConfirm,
        };
        return (new ClinicFields(name!, address!, postcode!, city!, country, request.Latitude!.Value, request.Longitude!.Value, zone, phone.E164!,
            notes, policy), null);
    }

    private static string? Required(string? value, string field, int maxLength, string message, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (InputText.IsBlank(trimmed) || trimmed!.Length > maxLength)
        {
            errors[field] = [message];
            return null;
        }
        return trimmed;
    }

    private void Range(int? value, string field, int min, int max, Dictionary<string, string[]> errors)
    {
        if (value is null || value < min || value > max) errors[field] = [text["Enter a whole number from {0} to {1}.", min, max]];
    }

}
