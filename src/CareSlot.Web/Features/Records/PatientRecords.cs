using System.Security.Claims;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Records;

public sealed record HistoryPage(IReadOnlyList<RecordEntryView> Entries, int Page, bool HasOlder);

public sealed record RecordVersionView(int Number, Instant WrittenAt, string Author, RecordContent Content, string? AmendmentReason);

/// <summary>One entry as its readers see it: the newest version, and all versions when asked for one entry.</summary>
/// <param name="Zone">Where to show its times: the visit's clinic, else the clinic of the patient's latest appointment.</param>
public sealed record RecordEntryView(Guid Id, Guid PatientId, RecordKind Kind, Guid? AppointmentId, int? DoctorId, Instant CreatedAt,
    Instant UpdatedAt, int VersionCount, string Author, RecordContent Content, IReadOnlyList<RecordVersionView> Versions, DateTimeZone Zone)
{
    public bool IsPatientReported => Kind == RecordKind.PatientReported;
    public bool IsAmended => VersionCount > 1;
}

/// <summary>
/// Reads a patient's medical history for whoever the handlers allow, opens the sealed words, and audits the read once.
/// Answers null when the caller may not read it: the page or endpoint says 404.
/// </summary>
public sealed class PatientRecords(CareSlotDb db, RecordGate gate, FieldProtector protector, AuditTrail audit)
{
    public const int PageSize = 50;

    /// <summary>One page of a patient's history, newest first; null when the caller may not read it.</summary>
    /// <param name="page">1 for the newest <paramref name="pageSize"/> entries, 2 for the ones before them, and so on.</param>
    public async Task<HistoryPage?> HistoryAsync(ClaimsPrincipal user, Guid patientId, RecordKind? kind, CancellationToken ct,
        int page = 1, int pageSize = PageSize)
    {
        if (!await gate.AllowsAsync(user, new PatientRecord(patientId), RecordOperations.Read, patientId, $"history {patientId}", ct)) return null;
        var entries = db.RecordEntries.AsNoTracking().Where(e => e.PatientId == patientId);
        if (kind is { } only) entries = entries.Where(e => e.Kind == only);
        var rows = await entries
            .OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)
            .Select(e => new { Entry = e, Newest = db.RecordEntryVersions.First(v => v.EntryId == e.Id && v.Number == e.VersionCount) })
            .ToListAsync(ct);
        var shown = rows.Take(pageSize).ToList();
        var authors = await AuthorsAsync(shown.Select(r => r.Entry), ct);
        var zones = await ZonesAsync(patientId, shown.Select(r => r.Entry), ct);
        await audit.RecordAsync(new AuditEvent(RecordOperations.Read.Name!, AuditOutcome.Allowed, patientId, $"history {patientId}"), ct);
        return new HistoryPage([.. shown.Select(r => View(r.Entry, authors, Open(r.Newest), [], zones))], page, HasOlder: rows.Count > pageSize);
    }

    /// <summary>The largest page number a request may ask for: far beyond any real history, small enough never to overflow.</summary>
    public const int MaxPage = 100_000;

    public async Task<RecordEntryView?> EntryAsync(ClaimsPrincipal user, Guid entryId, CancellationToken ct, bool justWritten = false)
    {
        if (await db.RecordEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId, ct) is not { } entry) return null;
        var record = $"entry {entryId}";
        if (!await gate.AllowsAsync(user, new PatientRecord(entry.PatientId), RecordOperations.Read, entry.PatientId, record, ct)) return null;
        var versions = await db.RecordEntryVersions.AsNoTracking().Where(v => v.EntryId == entryId).OrderByDescending(v => v.Number).ToListAsync(ct);
        var authors = await AuthorsAsync([entry], ct);
        var versionAuthors = await AuthorNamesAsync(versions.Select(v => v.AuthorId), ct);
        var zones = await ZonesAsync(entry.PatientId, [entry], ct);
        if (!justWritten) await audit.RecordAsync(new AuditEvent(RecordOperations.Read.Name!, AuditOutcome.Allowed, entry.PatientId, record), ct);
        var opened = versions.Select(v => new RecordVersionView(v.Number, v.WrittenAt, versionAuthors.GetValueOrDefault(v.AuthorId, ""), Open(v),
            v.AmendmentReason is null ? null : protector.Open(v.AmendmentReason, v.Id, RecordEntryVersion.AmendmentReasonColumn))).ToList();
        return View(entry, authors, opened[0].Content, opened, zones);
    }

    /// <summary>The whole record as the patient may download it (GDPR Art. 20): every entry with every version.</summary>
    public async Task<string?> ExportAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var patientId = user.AccountId();
        if (!await gate.AllowsAsync(user, new PatientRecord(patientId), RecordOperations.Read, patientId, $"export {patientId}", ct)) return null;
        var entries = await db.RecordEntries.AsNoTracking().Where(e => e.PatientId == patientId).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var versions = (await db.RecordEntryVersions.AsNoTracking().Where(v => ids.Contains(v.EntryId)).ToListAsync(ct))
            .ToLookup(v => v.EntryId);
        var authors = await AuthorNamesAsync(versions.SelectMany(g => g).Select(v => v.AuthorId), ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.HistoryExport, AuditOutcome.Allowed, patientId, $"export {patientId}"), ct);
        var export = new
        {
            patientId,
            entries = entries.Select(e => new
            {
                e.Id,
                kind = e.Kind.ToString(),
                e.AppointmentId,
                createdAt = e.CreatedAt.ToString(),
                versions = versions[e.Id].OrderBy(v => v.Number).Select(v => new
                {
                    v.Number,
                    writtenAt = v.WrittenAt.ToString(),
                    author = authors.GetValueOrDefault(v.AuthorId, ""),
                    content = Open(v),
                    amendmentReason = v.AmendmentReason is null ? null : protector.Open(v.AmendmentReason, v.Id, RecordEntryVersion.AmendmentReasonColumn),
                }),
            }),
        };
        return JsonSerializer.Serialize(export, ExportJson);
    }

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal RecordContent Open(RecordEntryVersion version) =>
        JsonSerializer.Deserialize<RecordContent>(protector.Open(version.Content, version.Id, RecordEntryVersion.ContentColumn), ContentJson)!;

    internal static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web);

    private static RecordEntryView View(RecordEntry entry, IReadOnlyDictionary<Guid, string> authors, RecordContent content,
        IReadOnlyList<RecordVersionView> versions, EntryZones zones) =>
        new(entry.Id, entry.PatientId, entry.Kind, entry.AppointmentId, entry.DoctorId, entry.CreatedAt, entry.UpdatedAt, entry.VersionCount,
            authors.GetValueOrDefault(entry.AuthorId, ""), content, versions,
            entry.AppointmentId is { } visit && zones.ByVisit.TryGetValue(visit, out var zone) ? zone : zones.Patient);

    private sealed record EntryZones(IReadOnlyDictionary<Guid, DateTimeZone> ByVisit, DateTimeZone Patient);

    private async Task<EntryZones> ZonesAsync(Guid patientId, IEnumerable<RecordEntry> entries, CancellationToken ct)
    {
        var visits = entries.Where(e => e.AppointmentId is not null).Select(e => e.AppointmentId!.Value).ToList();
        var byVisit = await db.Appointments.AsNoTracking().Where(a => visits.Contains(a.Id))
            .Join(db.Clinics, a => a.ClinicId, c => c.Id, (a, c) => new { a.Id, c.TimeZoneId }).ToListAsync(ct);
        var latest = await db.Appointments.AsNoTracking().Where(a => a.PatientId == patientId).OrderByDescending(a => a.Start)
            .Join(db.Clinics, a => a.ClinicId, c => c.Id, (a, c) => c.TimeZoneId).FirstOrDefaultAsync(ct);
        return new EntryZones(byVisit.ToDictionary(v => v.Id, v => DateTimeZoneProviders.Tzdb[v.TimeZoneId]),
            latest is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[latest]);
    }

    private Task<Dictionary<Guid, string>> AuthorsAsync(IEnumerable<RecordEntry> entries, CancellationToken ct) =>
        AuthorNamesAsync(entries.Select(e => e.AuthorId), ct);

    /// <summary>A doctor by their directory name, anyone else (the patient) by the name on their account.</summary>
    private async Task<Dictionary<Guid, string>> AuthorNamesAsync(IEnumerable<Guid> accountIds, CancellationToken ct)
    {
        var ids = accountIds.Distinct().ToList();
        var doctors = await db.Doctors.AsNoTracking().Where(d => d.AccountId != null && ids.Contains(d.AccountId.Value))
            .Select(d => new { AccountId = d.AccountId!.Value, d.Title, d.GivenName, d.FamilyName }).ToListAsync(ct);
        var names = doctors.ToDictionary(d => d.AccountId, d => $"{d.Title} {d.GivenName} {d.FamilyName}".Trim());
        var others = ids.Where(id => !names.ContainsKey(id)).ToList();
        foreach (var account in await db.Users.AsNoTracking().Where(a => others.Contains(a.Id)).Select(a => new { a.Id, a.FullName }).ToListAsync(ct))
        {
            names[account.Id] = account.FullName;
        }
        return names;
    }
}
