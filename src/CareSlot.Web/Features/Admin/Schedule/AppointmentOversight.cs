using System.Globalization;
using System.Linq.Expressions;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Schedule;

/// <summary>The filter as a client wrote it, on the page's form or as the API's query parameters (the same names).</summary>
public sealed record AppointmentFilterInput(string? Clinic = null, string? Doctor = null, string? Patient = null, string? Status = null,
    string? From = null, string? To = null);

/// <summary>A checked filter. <see cref="From"/> and <see cref="To"/> are dates at each appointment's own clinic, both included.</summary>
public sealed record AppointmentFilter(int? ClinicId, int? DoctorId, string? Patient, AppointmentStatus? Status, LocalDate? From, LocalDate? To)
{
    public static readonly AppointmentFilter None = new(null, null, null, null, null, null);
}

/// <summary>
/// Where a page starts: the appointment (start, id) it comes after ("a", later rows) or before ("b", earlier rows). Opaque
/// to clients: "a.1795510800000000.0193…": microseconds since 1970 and the appointment's id.
/// </summary>
public sealed record AppointmentCursor(bool After, Instant Start, Guid Id)
{
    private static readonly long MinMicroseconds = Instant.FromUtc(IsoTime.MinYear, 1, 1, 0, 0).ToUnixTimeTicks() / 10;
    private static readonly long MaxMicroseconds = Instant.FromUtc(IsoTime.MaxYear, 12, 31, 23, 59, 59).ToUnixTimeTicks() / 10;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(After ? 'a' : 'b')}.{Start.ToUnixTimeTicks() / 10}.{Id:N}");

    public static bool TryParse(string? text, out AppointmentCursor? cursor)
    {
        cursor = null;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 } || parts[0] is not ("a" or "b")
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var microseconds)
            || microseconds < MinMicroseconds || microseconds > MaxMicroseconds
            || !Guid.TryParseExact(parts[2], "N", out var id))
        {
            return false;
        }
        cursor = new AppointmentCursor(parts[0] == "a", Instant.FromUnixTimeTicks(microseconds * 10), id);
        return true;
    }
}

/// <summary>One appointment as the oversight list shows it: who, when, where, what kind, its status. Never the reason for the visit.</summary>
public sealed record OversightRow(Guid Id, Instant Start, Instant End, DateTimeZone Zone, AppointmentStatus Status, Guid PatientId, string PatientName,
    string? PatientEmail, int DoctorId, string DoctorName, int ClinicId, string ClinicName, string TypeName);

/// <summary>Up to <see cref="AppointmentOversight.PageSize"/> rows in start order, and the cursors to the pages beside it (null at either end).</summary>
public sealed record OversightPage(IReadOnlyList<OversightRow> Rows, AppointmentCursor? Next, AppointmentCursor? Previous);

/// <summary>
/// Every appointment for administrators (page and API alike), filtered by clinic, doctor, patient (name or e-mail), status
/// and clinic-local dates, in start order — start, then id, which is unique — in keyset pages of 50: a page deep in a
/// million rows costs what the first does, and no row repeats or drops out between pages, however many share a start.
/// </summary>
/// <remarks>
/// The indexes (AppointmentConfiguration): (Start, Id) carries the order, date ranges and cursors; (ClinicId, Start, Id) a
/// clinic's; (DoctorId, Start) a doctor's; (PatientId, Start) a patient's. Status filters the rows read in start order.
/// Names are read by id for the page's rows only, never joined into the keyset query.
/// </remarks>
public sealed class AppointmentOversight(CareSlotDb db, IStringLocalizer<AdminText> text)
{
    public const int PageSize = 50;
    public const int PatientMaxLength = 256;

    /// <summary>Up to this many people matching the patient filter are looked up by id; beyond, each appointment's patient is tested.</summary>
    private const int PatientIdsAtMost = 1000;

    public string InvalidCursor => text["This link to a page of appointments is not valid. Start again from the first page."];

    /// <summary>Checks the filter; errors are keyed by the parameter's name (clinic, doctor, patient, status, from, to).</summary>
    public Outcome<AppointmentFilter> Parse(AppointmentFilterInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var clinic = Id(input.Clinic, "clinic", text["Choose a clinic from the list."], errors);
        var doctor = Id(input.Doctor, "doctor", text["Choose a doctor from the list."], errors);
        var patient = Blank(input.Patient) ? null : input.Patient!.Trim();
        if (patient?.Length > PatientMaxLength) errors["patient"] = [text["Keep the patient's name or e-mail address under {0} characters.", PatientMaxLength]];

        AppointmentStatus? status = null;
        if (!Blank(input.Status))
        {
            if (StatusNames.TryParseApi(input.Status, out var parsed)) status = parsed;
            else errors["status"] = [text["Choose a status from the list: requested, confirmed, completed, no-show or cancelled."]];
        }
        var from = Date(input.From, "from", errors);
        var to = Date(input.To, "to", errors);
        if (from is { } start && to is { } end && end < start) errors["to"] = [text["The last day must not be before the first."]];
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors);
        return new Outcome<AppointmentFilter>(new AppointmentFilter(clinic, doctor, patient, status, from, to), null);
    }

    /// <summary>The page beyond <paramref name="cursor"/> in its direction; without one, the first rows.</summary>
    public async Task<OversightPage> PageAsync(AppointmentFilter filter, AppointmentCursor? cursor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var matching = await MatchingAsync(filter, ct);
        var goingBack = cursor is { After: false };
        var keys = await Batch(matching, cursor, PageSize + 1).Select(a => new { a.Start, a.Id }).ToListAsync(ct);
        var more = keys.Count > PageSize;
        if (more) keys.RemoveAt(PageSize);
        if (goingBack) keys.Reverse();
        if (keys.Count == 0) return new OversightPage([], null, null);

        var (first, last) = (keys[0], keys[^1]);
        var hasNext = goingBack ? await Batch(matching, new AppointmentCursor(true, last.Start, last.Id), 1).AnyAsync(ct) : more;
        var hasPrevious = goingBack ? more : cursor is not null && await Batch(matching, new AppointmentCursor(false, first.Start, first.Id), 1).AnyAsync(ct);
        return new OversightPage(await RowsAsync([.. keys.Select(k => k.Id)], ct),
            hasNext ? new AppointmentCursor(true, last.Start, last.Id) : null,
            hasPrevious ? new AppointmentCursor(false, first.Start, first.Id) : null);
    }

    /// <summary>
    /// Up to <paramref name="take"/> matching appointments beyond the cursor, nearest first. The bound on the start comes
    /// first and plain (Start ≥ s), which an index on (…, Start, Id) seeks to on either database.
    /// </summary>
    private static IQueryable<Appointment> Batch(IQueryable<Appointment> rows, AppointmentCursor? cursor, int take)
    {
        if (cursor is { After: true, Start: var after, Id: var afterId })
        {
            return rows.Where(a => a.Start >= after && (a.Start > after || a.Id.CompareTo(afterId) > 0))
                .OrderBy(a => a.Start).ThenBy(a => a.Id).Take(take);
        }
        if (cursor is { After: false, Start: var before, Id: var beforeId })
        {
            return rows.Where(a => a.Start <= before && (a.Start < before || a.Id.CompareTo(beforeId) < 0))
                .OrderByDescending(a => a.Start).ThenByDescending(a => a.Id).Take(take);
        }
        return rows.OrderBy(a => a.Start).ThenBy(a => a.Id).Take(take);
    }

    private async Task<IQueryable<Appointment>> MatchingAsync(AppointmentFilter filter, CancellationToken ct)
    {
        var rows = db.Appointments.AsNoTracking();
        if (filter.ClinicId is { } clinicId) rows = rows.Where(a => a.ClinicId == clinicId);
        if (filter.DoctorId is { } doctorId) rows = rows.Where(a => a.DoctorId == doctorId);
        if (filter.Status is { } status) rows = rows.Where(a => a.Status == status);
        if (filter.Patient is { } patient)
        {
            var patients = PatientsMatching(patient).Select(u => u.Id);
            var ids = await patients.Take(PatientIdsAtMost + 1).ToListAsync(ct);
            // A few people: their appointments through the (PatientId, Start) index, as a patient's own list reads them. Many
            // (a common fragment of a name): walking the start order meets a page of theirs soon.
            rows = ids.Count <= PatientIdsAtMost ? rows.Where(a => ids.Contains(a.PatientId)) : rows.Where(a => patients.Contains(a.PatientId));
        }
        if (filter.From is not null || filter.To is not null) rows = await LocalDatesAsync(rows, filter, ct);
        return rows;
    }

    /// <summary>
    /// Users whose e-mail address (with an @) or name holds <paramref name="patient"/>, ignoring case. A leading wildcard: on
    /// PostgreSQL the trigram indexes on the name and the normalized address serve it (ADR 0006).
    /// </summary>
    private IQueryable<Account> PatientsMatching(string patient)
    {
        var users = db.Users.AsNoTracking();
        if (patient.Contains('@', StringComparison.Ordinal))
        {
            var normalized = patient.ToUpperInvariant();
            return users.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.Contains(normalized));
        }
        // Case-insensitive on both databases: SQLite's LIKE ignores the case of ASCII letters, PostgreSQL needs ILIKE.
        var pattern = "%" + patient.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return db.Database.IsNpgsql()
            ? users.Where(u => EF.Functions.ILike(u.FullName, pattern, "\\"))
            : users.Where(u => EF.Functions.Like(u.FullName, pattern, "\\"));
    }

    /// <summary>
    /// Clinic-local dates as instants, one range per time zone among the clinics in question, so each appointment is judged by
    /// its own clinic's calendar: (ClinicId IN zone's clinics AND Start in zone's range) OR … — a handful of zones at most.
    /// Before that, plain bounds from the earliest zone's first instant to the latest zone's last: neither database seeks
    /// an index through an OR of ranges, and without them a week among a million rows read the (Start, Id) index from its
    /// first entry (230 ms against 12 ms a page; docs/benchmarks.md).
    /// </summary>
    private async Task<IQueryable<Appointment>> LocalDatesAsync(IQueryable<Appointment> rows, AppointmentFilter filter, CancellationToken ct)
    {
        var clinics = db.Clinics.AsNoTracking();
        if (filter.ClinicId is { } clinicId) clinics = clinics.Where(c => c.Id == clinicId);
        var zones = (await clinics.Select(c => new { c.Id, c.TimeZoneId }).ToListAsync(ct)).GroupBy(c => c.TimeZoneId).ToList();
        if (zones.Count == 0) return rows.Where(a => false);

        var appointment = Expression.Parameter(typeof(Appointment), "a");
        Expression body = Expression.Constant(false);
        var (earliest, latest) = (Instant.MaxValue, Instant.MinValue);
        foreach (var zone in zones)
        {
            var tz = DateTimeZoneProviders.Tzdb[zone.Key];
            var ids = zone.Select(c => c.Id).ToList();
            var from = filter.From?.AtStartOfDayInZone(tz).ToInstant() ?? Instant.MinValue;
            var before = filter.To?.PlusDays(1).AtStartOfDayInZone(tz).ToInstant() ?? Instant.MaxValue;
            (earliest, latest) = (Instant.Min(earliest, from), Instant.Max(latest, before));
            Expression<Func<Appointment, bool>> inZone = filter.From is null ? a => ids.Contains(a.ClinicId) && a.Start < before
                : filter.To is null ? a => ids.Contains(a.ClinicId) && a.Start >= from
                : a => ids.Contains(a.ClinicId) && a.Start >= from && a.Start < before;
            body = Expression.OrElse(body, new ParameterSwap(inZone.Parameters[0], appointment).Visit(inZone.Body));
        }
        if (filter.From is not null) rows = rows.Where(a => a.Start >= earliest);
        if (filter.To is not null) rows = rows.Where(a => a.Start < latest);
        return rows.Where(Expression.Lambda<Func<Appointment, bool>>(body, appointment));
    }

    /// <summary>The page's rows with their names, read by id.</summary>
    private async Task<IReadOnlyList<OversightRow>> RowsAsync(List<Guid> ids, CancellationToken ct)
    {
        var rows = await (
            from a in db.Appointments.AsNoTracking()
            where ids.Contains(a.Id)
            join p in db.Users on a.PatientId equals p.Id
            join d in db.Doctors on a.DoctorId equals d.Id
            join c in db.Clinics on a.ClinicId equals c.Id
            join t in db.AppointmentTypes on a.AppointmentTypeId equals t.Id
            select new
            {
                a.Id, a.Start, a.End, a.Status, a.PatientId, PatientName = p.FullName, PatientEmail = p.Email, a.DoctorId, d.Title, d.GivenName,
                d.FamilyName, a.ClinicId, ClinicName = c.Name, c.TimeZoneId, TypeName = t.Name,
            }).ToDictionaryAsync(r => r.Id, ct);
        return [.. ids.Select(id => rows[id]).Select(r => new OversightRow(r.Id, r.Start, r.End, DateTimeZoneProviders.Tzdb[r.TimeZoneId], r.Status,
            r.PatientId, r.PatientName, r.PatientEmail, r.DoctorId, $"{r.Title} {r.GivenName} {r.FamilyName}".Trim(), r.ClinicId, r.ClinicName, r.TypeName))];
    }

    private static int? Id(string? value, string field, string message, Dictionary<string, string[]> errors)
    {
        if (Blank(value)) return null;
        if (int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        errors[field] = [message];
        return null;
    }

    private LocalDate? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (Blank(value)) return null;
        if (IsoTime.TryParseDate(value!.Trim(), out var date)) return date;
        errors[field] = [text["Enter a date such as 2026-11-24."]];
        return null;
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
