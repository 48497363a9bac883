using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Consents;

/// <summary>A time on the privacy pages: machine-readable and in words, in the zone of the person's clinic.</summary>
public sealed record ConsentTime(string Iso, string Words);

public sealed class ConsentDisplay(CareSlotDb db)
{
    /// <summary>The zone of the clinic of the person's latest appointment, the one they know (as the access log); UTC for one who has none.</summary>
    public async Task<DateTimeZone> ZoneAsync(Guid accountId, CancellationToken ct)
    {
        var zoneId = await (from a in db.Appointments
                            join c in db.Clinics on a.ClinicId equals c.Id
                            where a.PatientId == accountId
                            orderby a.Start descending
                            select c.TimeZoneId).FirstOrDefaultAsync(ct);
        return zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? zone : DateTimeZone.Utc;
    }

    public static ConsentTime Time(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone);
        return new(InstantPattern.ExtendedIso.Format(at), $"{ClinicTime.Day(local.Date)}, {ClinicTime.Clock(local)} {ClinicTime.Abbreviation(local)}");
    }
}
