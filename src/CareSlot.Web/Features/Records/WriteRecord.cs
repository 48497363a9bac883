using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.Records;

/// <summary>A doctor's note of a visit. <see cref="CompleteVisit"/> also marks the visit completed, as the doctor finishes it.</summary>
public sealed record VisitNoteRequest(
    [property: DataType(DataType.MultilineText)] string? Summary,
    [property: DataType(DataType.MultilineText)] string? Findings,
    [property: DataType(DataType.MultilineText)] string? Diagnosis,
    string? DiagnosisCode,
    [property: DataType(DataType.MultilineText)] string? Prescriptions,
    [property: DataType(DataType.MultilineText)] string? FollowUp,
    bool CompleteVisit = false);

/// <summary>An allergy or a condition (a doctor), or an entry of the patient's own (<c>patient-reported</c>).</summary>
public sealed record RecordEntryRequest(string? Kind, string? Title, [property: DataType(DataType.MultilineText)] string? Details);

/// <summary>A new version of an entry, with why it changed. A note's fields, or a title and details, as the entry has.</summary>
public sealed record AmendmentRequest(
    [property: DataType(DataType.MultilineText)] string? Reason,
    string? Title,
    [property: DataType(DataType.MultilineText)] string? Summary,
    [property: DataType(DataType.MultilineText)] string? Findings,
    [property: DataType(DataType.MultilineText)] string? Diagnosis,
    string? DiagnosisCode,
    [property: DataType(DataType.MultilineText)] string? Prescriptions,
    [property: DataType(DataType.MultilineText)] string? FollowUp);

/// <summary>
/// Every write to a medical history: a visit note, an entry, an amendment. Each one seals its words with the version's
/// id, saves, and audits in the same transaction, so a write and its audit row exist together or not at all.
/// </summary>
public sealed partial class WriteRecord(CareSlotDb db, IClock clock, RecordGate gate, FieldProtector protector, AuditTrail audit,
    IStringLocalizer<RecordsText> text)
{
    public async Task<Outcome<RecordEntry>> WriteNoteAsync(ClaimsPrincipal user, Guid appointmentId, VisitNoteRequest request, CancellationToken ct)
    {
        var record = $"appointment {appointmentId}";
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (appointment is null) return NotFound();
        if (!await gate.AllowsAsync(user, appointment, RecordOperations.WriteNote, appointment.PatientId, record, ct)) return NotFound();
        var now = clock.GetCurrentInstant();
        if (appointment.Start > now)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["The visit has not started yet."],
                text["A visit note can be written once the visit has started."]);
        }
        if (await db.RecordEntries.AnyAsync(e => e.AppointmentId == appointmentId, ct))
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["This visit already has a note."], text["Amend the note to change it."]);
        }
        var content = new RecordContent(null, request.Summary, request.Findings, request.Diagnosis, request.DiagnosisCode, request.Prescriptions, request.FollowUp);
        if (CheckNote(Normalized(content)) is { } invalid) return invalid;

        var entry = RecordEntry.Start(appointment.PatientId, RecordKind.VisitNote, appointmentId, appointment.DoctorId, user.AccountId(), now);
        return await SaveAsync(entry, Normalized(content), amendmentReason: null, entry.AuthorId, RecordOperations.WriteNote.Name!, record, ct);
    }

    public async Task<Outcome<RecordEntry>> AddEntryAsync(ClaimsPrincipal user, Guid patientId, RecordEntryRequest request, CancellationToken ct)
    {
        var record = $"history {patientId}";
        if (!await gate.AllowsAsync(user, new PatientRecord(patientId), RecordOperations.AddEntry, patientId, record, ct)) return NotFound();
        var viewer = (await Viewer.FromAsync(user, db, ct))!;
        var kind = RecordKinds.Parse(request.Kind);
        var allowedKinds = viewer.DoctorId is null ? [RecordKind.PatientReported] : new[] { RecordKind.Allergy, RecordKind.Condition };
        if (kind is not { } chosen || !allowedKinds.Contains(chosen))
        {
            return UseCaseProblem.Invalid("kind", viewer.DoctorId is null
                ? text["Use the kind “patient-reported”."]
                : text["Use one of: allergy, condition."]);
        }
        var content = Normalized(new RecordContent(request.Title, request.Details));
        if (CheckTitled(content) is { } invalid) return invalid;

        var entry = RecordEntry.Start(patientId, chosen, null, viewer.DoctorId, viewer.AccountId, clock.GetCurrentInstant());
        return await SaveAsync(entry, content, amendmentReason: null, entry.AuthorId, RecordOperations.AddEntry.Name!, $"entry {entry.Id}", ct);
    }

    public async Task<Outcome<RecordEntry>> AmendAsync(ClaimsPrincipal user, Guid entryId, AmendmentRequest request, CancellationToken ct)
    {
        var record = $"entry {entryId}";
        var entry = await db.RecordEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null) return NotFound();
        if (!await gate.AllowsAsync(user, entry, RecordOperations.Amend, entry.PatientId, record, ct)) return NotFound();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return UseCaseProblem.Invalid("reason", text["Say why the entry changes."]);
        if (reason.Length > RecordContent.AmendmentReasonMaxLength)
        {
            return UseCaseProblem.Invalid("reason", text["Keep it under {0} characters.", RecordContent.AmendmentReasonMaxLength]);
        }
        var content = Normalized(entry.Kind == RecordKind.VisitNote
            ? new RecordContent(null, request.Summary, request.Findings, request.Diagnosis, request.DiagnosisCode, request.Prescriptions, request.FollowUp)
            : new RecordContent(request.Title, request.Summary));
        if ((entry.Kind == RecordKind.VisitNote ? CheckNote(content) : CheckTitled(content)) is { } invalid) return invalid;
        return await SaveAsync(entry, content, reason, user.AccountId(), RecordOperations.Amend.Name!, record, ct);
    }

    private async Task<Outcome<RecordEntry>> SaveAsync(RecordEntry entry, RecordContent content, string? amendmentReason, Guid authorId, string action,
        string record, CancellationToken ct)
    {
        var version = entry.AddVersion(authorId, clock.GetCurrentInstant());
        version.Content = protector.Seal(JsonSerializer.Serialize(content, PatientRecords.ContentJson), version.Id, RecordEntryVersion.ContentColumn);
        if (amendmentReason is not null) version.AmendmentReason = protector.Seal(amendmentReason, version.Id, RecordEntryVersion.AmendmentReasonColumn);
        if (entry.VersionCount == 1) db.RecordEntries.Add(entry);
        else db.RecordEntryVersions.Add(version);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                // A race the unique indexes settle: two first notes of one visit, or two amendments numbered alike.
                return entry.VersionCount == 1
                    ? new UseCaseProblem(StatusCodes.Status409Conflict, text["This visit already has a note."], text["Amend the note to change it."])
                    : new UseCaseProblem(StatusCodes.Status409Conflict, text["The entry changed meanwhile."], text["Open it again and amend the newest version."]);
            }
            await audit.RecordAsync(new AuditEvent(action, AuditOutcome.Allowed, entry.PatientId, record), ct);
            await transaction.CommitAsync(ct);
            return new Outcome<RecordEntry>(entry, null);
        });
    }

    private UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Record not found."], text["There is no such record you can see."]);

    private static RecordContent Normalized(RecordContent content) => new(
        Clean(content.Title), Clean(content.Summary), Clean(content.Findings), Clean(content.Diagnosis),
        Clean(content.DiagnosisCode)?.ToUpperInvariant(), Clean(content.Prescriptions), Clean(content.FollowUp));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private UseCaseProblem? CheckNote(RecordContent note)
    {
        var errors = new Dictionary<string, string[]>();
        if (note.Summary is null) errors["summary"] = [text["Write a summary of the visit."]];
        foreach (var (field, value) in new[] { ("summary", note.Summary), ("findings", note.Findings), ("diagnosis", note.Diagnosis),
                     ("prescriptions", note.Prescriptions), ("followUp", note.FollowUp) })
        {
            if (value?.Length > RecordContent.TextMaxLength) errors[field] = [text["Keep it under {0} characters.", RecordContent.TextMaxLength]];
        }
        if (note.DiagnosisCode is { } code && !Icd10().IsMatch(code))
        {
            errors["diagnosisCode"] = [text["Use an ICD-10 code such as J06.9, or leave it empty."]];
        }
        return errors.Count > 0 ? UseCaseProblem.Invalid(errors) : null;
    }

    private UseCaseProblem? CheckTitled(RecordContent content)
    {
        var errors = new Dictionary<string, string[]>();
        if (content.Title is null) errors["title"] = [text["Give the entry a title."]];
        else if (content.Title.Length > RecordContent.TitleMaxLength) errors["title"] = [text["Keep it under {0} characters.", RecordContent.TitleMaxLength]];
        if (content.Summary?.Length > RecordContent.TextMaxLength) errors["details"] = [text["Keep it under {0} characters.", RecordContent.TextMaxLength]];
        return errors.Count > 0 ? UseCaseProblem.Invalid(errors) : null;
    }

    /// <summary>A category (letter, two digits) with an optional subdivision, as WHO's ICD-10 and national extensions write them.</summary>
    [GeneratedRegex(@"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Icd10();
}
