using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Admin.Doctors;

/// <summary>Why a registration is rejected: the doctor reads it in the e-mail and when signing in.</summary>
public sealed record DoctorRejectionRequest([property: DataType(DataType.MultilineText)] string? Reason);

/// <summary>What an administrator asks a doctor before deciding: the doctor answers on their profile page.</summary>
public sealed record DoctorQuestionRequest([property: DataType(DataType.MultilineText)] string? Question);

/// <param name="Review">Where the review stands now: <c>approved</c>, <c>rejected</c> or <c>awaiting-answer</c>.</param>
public sealed record DoctorDecisionResult(int DoctorId, string Review);

/// <summary>
/// The steps every decision on a doctor's registration shares: the doctor found in the queue, one transaction holding the
/// change, its <see cref="DoctorDecision"/> row, its audit row and the e-mail to the doctor (queued in the outbox, so it
/// goes exactly when the decision commits), and the directory's caches evicted afterwards.
/// </summary>
public sealed class DoctorReviewSteps(CareSlotDb db, AuditTrail audit, IClock clock, IOutputCacheStore outputCache, IOptions<SiteOptions> site,
    IStringLocalizer<AdminText> text)
{
    /// <summary>Where the doctor reads decisions and answers questions.</summary>
    public const string DoctorProfilePath = "/account/doctor-profile";

    public IStringLocalizer<AdminText> Text => text;

    public Uri Link(string path) => site.Value.Link(path);

    /// <summary>The text, trimmed, or the problem with it, named <paramref name="field"/>.</summary>
    public (string? Text, UseCaseProblem? Problem) CheckText(string field, string? value, string whenMissing)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return (null, UseCaseProblem.Invalid(field, whenMissing));
        if (trimmed.Length > DoctorDecision.TextMaxLength)
        {
            return (null, UseCaseProblem.Invalid(field, text["Keep it under {0} characters.", DoctorDecision.TextMaxLength]));
        }
        return (trimmed, null);
    }

    /// <summary>A doctor who registered online and waits for a decision, with their account; a 404 or 409 otherwise.</summary>
    public async Task<Outcome<(Doctor Doctor, Account Account)>> FindAwaitingAsync(int doctorId, CancellationToken ct)
    {
        var found = await (from d in db.Doctors
                           join a in db.Users on d.AccountId equals a.Id
                           where d.Id == doctorId
                           select new { Doctor = d, Account = a }).SingleOrDefaultAsync(ct);
        if (found is null) return UseCaseProblem.NotFound(text["Doctor not found."], text["No registered doctor has that id."]);
        if (!found.Doctor.AwaitsDecision)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["The doctor is not waiting for a decision."],
                text["That doctor is not waiting for approval any more."]);
        }
        return new Outcome<(Doctor, Account)>((found.Doctor, found.Account), null);
    }

    public static Recipient RecipientOf(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Recipient(account.FullName, account.Email!, account.PreferredLanguage);
    }

    /// <summary>Applies <paramref name="change"/>, records it as <paramref name="kind"/> and audits it, in one transaction with the e-mail <paramref name="tell"/> queues.</summary>
    public async Task<DoctorDecisionResult> RunAsync(ClaimsPrincipal admin, Doctor doctor, DoctorDecisionKind kind, string? words, string auditAction,
        Action change, Func<Task> tell, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(tell);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            change();
            db.DoctorDecisions.Add(new DoctorDecision(doctor.Id, kind, words, admin.AccountId(), clock.GetCurrentInstant()));
            await db.SaveChangesAsync(ct);
            await tell();
            await audit.RecordAsync(new AuditEvent(auditAction, AuditOutcome.Allowed, Record: $"account {doctor.AccountId:D} doctor {doctor.Id}"), ct);
            await transaction.CommitAsync(ct);
        });
        await DirectoryCache.EvictAsync(outputCache, ct);
        return new DoctorDecisionResult(doctor.Id, DoctorReviewNames.Of(doctor.Review));
    }
}

public static class DoctorReviewNames
{
    /// <summary>The review's state as the API writes it.</summary>
    public static string Of(DoctorReview review) => review switch
    {
        DoctorReview.AwaitingAnswer => "awaiting-answer",
        _ => review.ToString().ToLowerInvariant(),
    };
}
