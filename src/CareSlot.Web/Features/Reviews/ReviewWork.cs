using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Reviews;

/// <summary>What the review use cases share: the caller, text checks, the notices, and one transaction with the audit row.</summary>
public sealed class ReviewWork(CareSlotDb db, ReviewNotices notices, AuditTrail audit, IOptions<SiteOptions> site, IClock clock,
    IStringLocalizer<ReviewsText> text, IStringLocalizer<WebText> words)
{
    public CareSlotDb Db => db;

    public IStringLocalizer<ReviewsText> Text => text;

    public Instant Now => clock.GetCurrentInstant();

    public static string Record(Guid reviewId) => $"review {reviewId}";

    public Task<Viewer?> ViewerAsync(ClaimsPrincipal user, CancellationToken ct) => Viewer.FromAsync(user, db, ct);

    public UseCaseProblem NotFound() => UseCaseProblem.NotFound(text["Review not found."], text["There is no such review you can see."]);

    /// <summary>Adds hostile-input problems of every text in the request, then the field's own: required or not, at most <paramref name="max"/>.</summary>
    public void CheckText(object request, string field, string? value, int max, string? missing, Dictionary<string, string[]> errors)
    {
        TextInspector.AddProblems(request, errors, words);
        if (errors.ContainsKey(field)) return;
        var cleaned = Clean(value);
        if (cleaned.Length == 0 && missing is not null) errors[field] = [missing];
        else if (cleaned.Length > max) errors[field] = [text["Keep it under {0} characters.", max]];
    }

    /// <summary>Line endings as one kind, and no blank space around the words.</summary>
    public static string Clean(string? value) => (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    public async Task NotifyAsync(Guid accountId, ReviewNotice notice, Guid reviewId, CancellationToken ct) =>
        await notices.QueueAsync(accountId, notice, reviewId, site.Value.Link("/account/reviews"), Now, ct);

    public async Task<Guid?> DoctorAccountAsync(int doctorId, CancellationToken ct) =>
        await db.Doctors.Where(d => d.Id == doctorId).Select(d => d.AccountId).FirstOrDefaultAsync(ct);

    public static AuditEvent Audit(Review review, string action) =>
        new(action, AuditOutcome.Allowed, PatientId: review.PatientId, Record: Record(review.Id));

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken ct) => audit.RecordAsync(auditEvent, ct);
}
