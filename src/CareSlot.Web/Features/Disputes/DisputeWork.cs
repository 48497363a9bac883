using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Disputes;

/// <summary>
/// What every step of a dispute shares: who the caller is to it, the words and the file checked and sealed (files as
/// messaging's attachments: <see cref="AttachmentFiles"/>, <see cref="SendMessage"/>'s checks), the step row, the notices
/// to everyone involved but the one who acted, and one transaction with the audit row.
/// </summary>
public sealed class DisputeWork(CareSlotDb db, FieldProtector protector, DisputeNotices notices, AuditTrail audit, IOptions<SiteOptions> site, IClock clock,
    IStringLocalizer<DisputesText> text, IStringLocalizer<MessagingText> fileText, IStringLocalizer<WebText> words)
{
    /// <summary>The columns' names in the seals' associated data, as registered for key rotation (DisputesRegistration).</summary>
    internal const string TextColumn = nameof(DisputeStep.SealedText);
    internal const string FileNameColumn = nameof(DisputeFile.SealedFileName);
    internal const string ContentColumn = nameof(DisputeFile.SealedContent);

    public CareSlotDb Db => db;

    public IStringLocalizer<DisputesText> Text => text;

    public Instant Now => clock.GetCurrentInstant();

    public static string Record(Guid disputeId) => $"dispute {disputeId}";

    public Task<Viewer?> ViewerAsync(ClaimsPrincipal user, CancellationToken ct) => Viewer.FromAsync(user, db, ct);

    /// <summary>The caller's side of the dispute: the patient or the doctor of its appointment; null for anyone else.</summary>
    public static Actor? PartyRole(Viewer? viewer, Dispute dispute) => viewer switch
    {
        { Actor: Actor.Patient } when viewer.AccountId == dispute.PatientId => Actor.Patient,
        { Actor: Actor.Doctor } when viewer.DoctorId == dispute.DoctorId => Actor.Doctor,
        _ => null,
    };

    public UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Dispute not found."], text["There is no such dispute you can see."]);

    public UseCaseProblem Final(Dispute dispute) => new(StatusCodes.Status409Conflict, text["This dispute is closed."],
        dispute.State == DisputeState.Resolved ? text["The dispute has been resolved; nothing more can be added."] : text["The dispute has been withdrawn; nothing more can be added."]);

    /// <summary>Adds the field errors of a text (required, at most <see cref="DisputeStep.TextMaxLength"/>) and of hostile input.</summary>
    public void CheckText(object request, string field, string? value, string missing, Dictionary<string, string[]> errors)
    {
        TextInspector.AddProblems(request, errors, words);
        if (errors.ContainsKey(field)) return;
        var trimmed = Clean(value);
        if (trimmed.Length == 0) errors[field] = [missing];
        else if (trimmed.Length > DisputeStep.TextMaxLength) errors[field] = [text["Keep it under {0} characters.", DisputeStep.TextMaxLength]];
    }

    public void CheckFile(AttachmentUpload? file, Dictionary<string, string[]> errors)
    {
        if (file is not null && SendMessage.AttachmentProblem(file, fileText) is { } problem) errors["file"] = [problem];
    }

    /// <summary>Line endings as one kind, and no blank space around the words.</summary>
    public static string Clean(string? value) => (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>A new step, its words sealed under its own id, added to the context.</summary>
    public DisputeStep AddStep(Dispute dispute, DisputeStepKind kind, Viewer by, string? words, Guid? assignee = null, DisputeAudience? audience = null,
        DisputeOutcome? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        ArgumentNullException.ThrowIfNull(by);
        var id = Guid.CreateVersion7();
        var step = new DisputeStep(id, dispute.Id, kind, Now, by.AccountId, by.Actor, dispute.State,
            words is null ? null : protector.Seal(Clean(words), id, TextColumn), assignee, audience, outcome);
        db.DisputeSteps.Add(step);
        return step;
    }

    public void AddFile(DisputeStep step, AttachmentUpload? upload)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (upload is null) return;
        var id = Guid.CreateVersion7();
        var contentType = AttachmentFiles.Detect(upload.Content)!;
        db.DisputeFiles.Add(new DisputeFile(id, step.Id, protector.Seal(AttachmentFiles.SafeName(upload.FileName, contentType), id, FileNameColumn), contentType,
            upload.Content.Length, protector.SealBytes(upload.Content, id, ContentColumn)));
    }

    /// <summary>Tells everyone involved — the patient, the doctor, the assigned administrator — except the one who acted.</summary>
    public async Task NotifyAsync(Dispute dispute, DisputeStep step, DisputeNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        ArgumentNullException.ThrowIfNull(step);
        var doctorAccount = await db.Doctors.Where(d => d.Id == dispute.DoctorId).Select(d => d.AccountId).FirstOrDefaultAsync(ct);
        var parties = new[] { (Guid?)dispute.PatientId, doctorAccount }.OfType<Guid>().Distinct();
        foreach (var party in parties.Where(p => p != step.ByAccountId))
        {
            await notices.QueueAsync(party, notice, step.Id, site.Value.Link($"/disputes/{dispute.Id}"), step.At, ct);
        }
        if (dispute.AssignedTo is { } admin && admin != step.ByAccountId)
        {
            await notices.QueueAsync(admin, notice, step.Id, site.Value.Link($"/admin/disputes/{dispute.Id}"), step.At, ct);
        }
    }

    /// <summary>Saves what the step changed with its audit row, in one transaction.</summary>
    public async Task SaveAsync(Dispute dispute, string action, CancellationToken ct, string? record = null)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(Audit(dispute, action, record), ct);
            await transaction.CommitAsync(ct);
        });
    }

    public static AuditEvent Audit(Dispute dispute, string action, string? record = null) =>
        new(action, AuditOutcome.Allowed, PatientId: dispute.PatientId, Record: record ?? Record(dispute.Id));

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken ct) => audit.RecordAsync(auditEvent, ct);
}
