using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// Finds listed doctors by specialty, city or postcode, free text, visit type and free dates; used by the directory page and
/// the API. Reads may come from a standby (<see cref="StandbyReads"/>): the directory may be a moment behind.
/// </summary>
public sealed class SearchDoctors(StandbyReads reads)
{
    private readonly CareSlotDb db = reads.Db;

    /// <summary>More words than this add nothing to a name search and only cost LIKE scans.</summary>
    private const int MaxTerms = 8;

    public async Task<Page<DoctorSummary>> HandleAsync(SearchDoctorsRequest search, CancellationToken ct)
    {
        // A doctor whose every clinic is retired has nowhere to be seen; retired clinics are left out below as well.
        var doctors = db.Doctors.AsNoTracking().Where(d => d.IsListed && d.Clinics.Any(c => c.RetiredAt == null));

        if (search.Specialty is { } specialty)
        {
            var slug = specialty.ToLowerInvariant();
            doctors = doctors.Where(d => d.Specialties.Any(s => s.Slug == slug));
        }

        if (search.City is { } city)
        {
            var key = SearchText.Fold(city);
            var postcode = city.ToUpperInvariant();
            doctors = doctors.Where(d => d.Clinics.Any(c => c.RetiredAt == null && (c.CityKey == key || c.Postcode == postcode)));
        }

        // Folded terms hold only letters, digits and spaces, so they need no LIKE escaping.
        foreach (var term in Terms(search.Q))
        {
            var pattern = "%" + term + "%";
            doctors = doctors.Where(d => EF.Functions.Like(d.SearchKey, pattern));
        }

        if (search.Visit != VisitFilter.Any)
        {
            var mode = search.Visit == VisitFilter.Video ? VisitMode.Video : VisitMode.InPerson;
            doctors = doctors.Where(d => db.AppointmentTypes.Any(t => t.DoctorId == d.Id && t.IsOffered && t.Mode == mode));
        }

        var freeDays = FreeDaysWithin(search);
        var hasDates = search.Dates is not null;
        if (hasDates) doctors = doctors.Where(d => freeDays.Any(f => f.DoctorId == d.Id));

        var total = await doctors.CountAsync(ct);
        // The filter and the sort run once, for the page's ids; the details are then read by id. A split query
        // would repeat the whole filter, sort and offset for each collection.
        var ids = await Ordered(doctors, search, freeDays)
            .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)
            .Select(d => d.Id)
            .ToListAsync(ct);
        var details = ids.Count == 0 ? [] : await db.Doctors.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                Summary = new DoctorSummary(d.Id, d.Title + " " + d.GivenName + " " + d.FamilyName,
                    d.Title, d.GivenName, d.FamilyName,
                    d.Specialties.OrderBy(s => s.Name).Select(s => new SpecialtyItem(s.Slug, s.Name)).ToList(),
                    d.Clinics.Where(c => c.RetiredAt == null).OrderBy(c => c.Name).Select(c => new ClinicSummary(c.Id, c.Name, c.City)).ToList(),
                    d.Languages, d.AcceptingNewPatients),
                Next = db.DoctorAvailability.Where(a => a.DoctorId == d.Id)
                    .Select(a => search.Visit == VisitFilter.Video ? a.NextVideoSlot : search.Visit == VisitFilter.InPerson ? a.NextInPersonSlot : a.NextSlot)
                    .FirstOrDefault(),
                FirstInRange = hasDates
                    ? freeDays.Where(f => f.DoctorId == d.Id)
                        .Min(f => search.Visit == VisitFilter.Video ? f.FirstVideoSlot : search.Visit == VisitFilter.InPerson ? f.FirstInPersonSlot : f.FirstSlot)
                    : null,
                Zone = d.Clinics.Where(c => c.RetiredAt == null).OrderBy(c => c.Id).Select(c => c.TimeZoneId).FirstOrDefault(),
            })
            .AsSingleQuery()
            .ToListAsync(ct);
        var byId = details.ToDictionary(row => row.Id);
        var rows = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        var items = rows.Select(row =>
        {
            if (row.Zone is not { } zoneId) return row.Summary;
            var zone = DateTimeZoneProviders.Tzdb[zoneId];
            return row.Summary with
            {
                NextAvailable = Iso(row.Next, zone),
                NextAvailableText = Describe(row.Next, zone),
                FirstAvailableInRange = Iso(row.FirstInRange, zone),
                FirstAvailableInRangeText = Describe(row.FirstInRange, zone),
            };
        }).ToList();

        return new Page<DoctorSummary>(items, search.Page, search.PageSize, total);
    }

    /// <summary>
    /// The free days within the search's dates (all of them without dates) that offer its visit type. A start
    /// in the past needs no bound: the days are computed from now, so none before today is kept.
    /// </summary>
    private IQueryable<DoctorFreeDay> FreeDaysWithin(SearchDoctorsRequest search)
    {
        var days = db.DoctorFreeDays.AsQueryable();
        if (search.Dates?.From is { } from) days = days.Where(f => f.Date >= from);
        if (search.Dates?.To is { } to) days = days.Where(f => f.Date <= to);
        return search.Visit switch
        {
            VisitFilter.InPerson => days.Where(f => f.FirstInPersonSlot != null),
            VisitFilter.Video => days.Where(f => f.FirstVideoSlot != null),
            _ => days,
        };
    }

    private IQueryable<Doctor> Ordered(IQueryable<Doctor> doctors, SearchDoctorsRequest search, IQueryable<DoctorFreeDay> freeDays)
    {
        switch (search.Sort)
        {
            case DoctorSort.Availability when search.Dates is not null:
                // Every doctor left has a free day within the dates, so the first slot among them is never null.
                // Slots, not dates, are compared: across zones the same date is not the same time.
                var first = doctors.Select(d => new
                {
                    Doctor = d,
                    First = freeDays.Where(f => f.DoctorId == d.Id)
                        .Min(f => search.Visit == VisitFilter.Video ? f.FirstVideoSlot : search.Visit == VisitFilter.InPerson ? f.FirstInPersonSlot : f.FirstSlot),
                    Next = db.DoctorAvailability.Where(a => a.DoctorId == d.Id)
                        .Select(a => search.Visit == VisitFilter.Video ? a.NextVideoSlot : search.Visit == VisitFilter.InPerson ? a.NextInPersonSlot : a.NextSlot)
                        .FirstOrDefault(),
                });
                return first.OrderBy(x => x.First).ThenBy(x => x.Next)
                    .ThenBy(x => x.Doctor.FamilyName).ThenBy(x => x.Doctor.GivenName).ThenBy(x => x.Doctor.Id)
                    .Select(x => x.Doctor);
            case DoctorSort.Availability:
                var next = doctors.Select(d => new
                {
                    Doctor = d,
                    Next = db.DoctorAvailability.Where(a => a.DoctorId == d.Id)
                        .Select(a => search.Visit == VisitFilter.Video ? a.NextVideoSlot : search.Visit == VisitFilter.InPerson ? a.NextInPersonSlot : a.NextSlot)
                        .FirstOrDefault(),
                });
                return next.OrderBy(x => x.Next == null).ThenBy(x => x.Next)
                    .ThenBy(x => x.Doctor.FamilyName).ThenBy(x => x.Doctor.GivenName).ThenBy(x => x.Doctor.Id)
                    .Select(x => x.Doctor);
            case DoctorSort.Distance:
                // Equirectangular distance is exact enough to rank clinics within a region, and needs no
                // trigonometry in SQL (SQLite has none): the longitude scale is computed here once.
                var (lat, lon) = search.Near!.Value;
                var scale = Math.Cos(lat * Math.PI / 180) * Math.Cos(lat * Math.PI / 180);
                return doctors
                    .OrderBy(d => d.Clinics.Where(c => c.RetiredAt == null).Min(c => (double?)((c.Latitude - lat) * (c.Latitude - lat) + (c.Longitude - lon) * (c.Longitude - lon) * scale)))
                    .ThenBy(d => d.FamilyName).ThenBy(d => d.GivenName).ThenBy(d => d.Id);
            default:
                return doctors.OrderBy(d => d.FamilyName).ThenBy(d => d.GivenName).ThenBy(d => d.Id);
        }
    }

    private static string? Iso(Instant? time, DateTimeZone zone) => time is { } t ? IsoTime.Format(t, zone) : null;

    private static string? Describe(Instant? time, DateTimeZone zone) => time?.InZone(zone) is { } start ? ClinicTime.ShortDayAndClock(start) : null;

    private static IEnumerable<string> Terms(string? q) =>
        q is null ? [] : SearchText.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(MaxTerms);
}
