using System.Security.Claims;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Privacy;

/// <summary>The password, asked again: erasure cannot be undone, and a session left open on a shared computer must not do it.</summary>
public sealed record ErasureRequestBody(string? Password);

/// <summary>
/// A patient asks to erase their account (GDPR Art. 17). The request is recorded and audited; unless an open dispute or
/// help-desk ticket of theirs holds it, <see cref="CompleteErasure"/> carries it out at once. Asking again while one is open
/// answers that one (idempotent). Staff accounts are closed by an administrator instead: a doctor's directory entry, visits
/// and notes belong to the clinic's records of its patients.
/// </summary>
public sealed class RequestErasure(CareSlotDb db, UserManager<Account> users, CompleteErasure complete, ErasureRequests requests, AuditTrail audit,
    IClock clock, IStringLocalizer<PrivacyText> text)
{
    public const int PasswordMaxLength = 200;

    public async Task<Outcome<ErasureView>> HandleAsync(ClaimsPrincipal user, ErasureRequestBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(body.Password)) return UseCaseProblem.Invalid("password", text["Enter your password to confirm."]);
        if (body.Password.Length > PasswordMaxLength) return UseCaseProblem.Invalid("password", text["That password is not right."]);
        if (await users.GetUserAsync(user) is not { } account) return UseCaseProblem.NotFound(text["Account not found."], text["Sign in again."]);
        if (!await users.IsInRoleAsync(account, Roles.Patient) || (await users.GetRolesAsync(account)).Any(r => Roles.Staff.Contains(r)))
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, text["Staff accounts are closed by an administrator."],
                text["Ask an administrator to close your account: your visits and notes are part of the clinic's records of its patients."]);
        }
        if (!await users.CheckPasswordAsync(account, body.Password))
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.ErasureRequested, AuditOutcome.Refused, Record: $"account {account.Id:D}"), ct);
            return UseCaseProblem.Invalid("password", text["That password is not right."]);
        }

        var request = await db.ErasureRequests.Where(e => e.AccountId == account.Id && e.State != ErasureState.Completed).FirstOrDefaultAsync(ct);
        if (request is null)
        {
            request = new ErasureRequest(account.Id, clock.GetCurrentInstant());
            db.ErasureRequests.Add(request);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.ErasureRequested, AuditOutcome.Allowed, Record: $"erasure {request.Id:D}"), ct);
        }
        await complete.HandleAsync(request.Id, null, ct);
        return new Outcome<ErasureView>((await requests.LatestAsync(account.Id, ct))!, null);
    }
}

/// <summary>
/// Carries an erasure request out, or holds it (an open dispute or ticket). Future appointments are cancelled through the
/// appointments' own use case first (each its own transaction, the doctor told as usual; one already cancelled is skipped, so a
/// retry is safe); then one transaction anonymises the account, ends every session and token, replaces the messages to the
/// person by a notice, anonymises their name on tickets and chats, restricts the medical records the clinic must keep, and
/// records the completion. The confirmation e-mail goes to the address they had, queued after the commit.
/// </summary>
public sealed partial class CompleteErasure(CareSlotDb db, CancelAppointment cancel, FieldProtector protector, AuditTrail audit, IClock clock,
    SessionRevocations revocations, AccountMessages messages, ErasureRequests requests, IOptions<PrivacyOptions> options,
    IOptions<SiteOptions> site, IStringLocalizerFactory localizers, ILogger<CompleteErasure> log)
{
    /// <summary>The name an erased account shows wherever it is still referenced: past visits, reviews, the chart.</summary>
    public const string FormerPatient = "Former patient";

    /// <summary>What replaces a message to the erased person (sealed like any message body).</summary>
    public const string RemovedMessage = "[This message was removed: the recipient erased their account.]";

    /// <summary>Why their future visits were cancelled, in each visit's history.</summary>
    public const string ClosedAccountReason = "The patient closed their account.";

    /// <summary>Why the account is suspended, on the administrators' account page.</summary>
    public const string ErasedReason = "Erased at the person's request (GDPR Art. 17).";

    /// <param name="by">The administrator completing a held request; null when it runs for the person.</param>
    /// <returns>The request as it is afterwards: completed, or held with the reason.</returns>
    public async Task<ErasureRequest?> HandleAsync(Guid requestId, Guid? by, CancellationToken ct)
    {
        var request = await db.ErasureRequests.FirstOrDefaultAsync(e => e.Id == requestId, ct);
        if (request is null || request.State == ErasureState.Completed) return request;
        if (await requests.HoldAsync(request.AccountId, ct) is { } hold)
        {
            if (request.State != ErasureState.Held || request.HeldBy != hold)
            {
                request.Hold(hold);
                await db.SaveChangesAsync(ct);
                await audit.RecordAsync(new AuditEvent(AuditActions.ErasureHeld, AuditOutcome.Allowed, Record: $"erasure {request.Id:D} {hold}"), ct);
            }
            return request;
        }

        var now = clock.GetCurrentInstant();
        await CancelFutureAppointmentsAsync(request.AccountId, now, ct);
        // The cancellations saved through their own unit of work; what is changed below is read fresh.
        db.ChangeTracker.Clear();
        request = await db.ErasureRequests.FirstAsync(e => e.Id == requestId, ct);
        var account = await db.Users.FirstAsync(a => a.Id == request.AccountId, ct);
        var confirmation = Confirmation(account);
        var retentionEnd = await requests.RetentionEndAsync(account.Id, options.Value.MedicalRecordRetentionYears, ct);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            AnonymiseAccount(account, now);
            await EndSessionsAsync(account.Id, now, ct);
            await ReplaceMessagesToThemAsync(account.Id, ct);
            await AnonymiseContactRowsAsync(account.Id, ct);
            request.Complete(now, by, retentionEnd);
            await db.SaveChangesAsync(ct);
            await SessionRevocations.NotifyAsync(db, SessionRevocations.Suspended(account.Id), ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.ErasureCompleted, AuditOutcome.Allowed,
                Record: $"erasure {request.Id:D}{(retentionEnd is null ? "" : " records restricted")}"), ct);
            await transaction.CommitAsync(ct);
        });
        revocations.Apply(SessionRevocations.Suspended(account.Id));
        if (confirmation is { } to)
        {
            await messages.QueueErasureConfirmationAsync(to, Letter(to, request), site.Value.Link("/"), ct);
        }
        return request;
    }

    private async Task CancelFutureAppointmentsAsync(Guid accountId, Instant now, CancellationToken ct)
    {
        var future = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == accountId && a.Start > now && (a.Status == AppointmentStatus.Requested || a.Status == AppointmentStatus.Confirmed))
            .Select(a => a.Id).ToListAsync(ct);
        // As the clinic would: an administrator's cancellation has no online deadline, and the doctor is told as for any other.
        var clinic = new Viewer(accountId, Actor.Admin, null);
        foreach (var id in future)
        {
            var outcome = await cancel.HandleAsync(clinic, id, new CancelAppointmentRequest(ClosedAccountReason), ct);
            if (outcome.Problem is { } problem) NotCancelled(log, id, problem.Status);
        }
    }

    /// <summary>Placeholders that hold the unique indexes (e-mail, user name) and can never receive mail (RFC 2606 ".invalid").</summary>
    private static void AnonymiseAccount(Account account, Instant now)
    {
        var placeholder = $"erased-{account.Id:N}@erased.invalid";
        account.FullName = FormerPatient;
        account.Email = placeholder;
        account.NormalizedEmail = placeholder.ToUpperInvariant();
        account.UserName = placeholder;
        account.NormalizedUserName = placeholder.ToUpperInvariant();
        account.EmailConfirmed = false;
        account.PhoneNumber = null;
        account.PhoneNumberConfirmed = false;
        account.Address = null;
        account.EmergencyContactName = null;
        account.EmergencyContactPhone = null;
        account.DateOfBirth = new DateOnly(1900, 1, 1);
        account.PasswordHash = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.ConcurrencyStamp = Guid.NewGuid().ToString();
        account.TwoFactorEnabled = false;
        account.EmailReminders = false;
        account.SmsUpdates = false;
        // Suspension is what every instance already refuses at sign-in and on each request (SessionRevocations).
        account.SuspendedAt = now;
        account.SuspendedReason = ErasedReason;
        account.SuspendedBy = null;
    }

    private async Task EndSessionsAsync(Guid accountId, Instant now, CancellationToken ct)
    {
        await db.RefreshTokens.Where(t => t.AccountId == accountId && t.RevokedAt == null).ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), ct);
        // The authenticator key, recovery codes and any other Identity token; external sign-ins; claims.
        await db.UserTokens.Where(t => t.UserId == accountId).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == accountId).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == accountId).ExecuteDeleteAsync(ct);
        await db.PhoneVerifications.Where(p => p.AccountId == accountId).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Messages the doctors sent them become a notice and lose their files. What the person sent a doctor stays: it is part of
    /// the doctor's medical communication, kept and restricted with the records (Art. 17(3)(c)).
    /// </summary>
    private async Task ReplaceMessagesToThemAsync(Guid accountId, CancellationToken ct)
    {
        var toThem = await db.Messages.Where(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.PatientId == accountId) && m.SenderId != accountId)
            .Select(m => m.Id).ToListAsync(ct);
        await db.MessageAttachments.Where(f => toThem.Contains(f.MessageId)).ExecuteDeleteAsync(ct);
        foreach (var id in toThem)
        {
            var notice = protector.Seal(RemovedMessage, id, ConversationQueries.BodyColumn);
            await db.Messages.Where(m => m.Id == id).ExecuteUpdateAsync(m => m.SetProperty(x => x.SealedBody, notice), ct);
        }
    }

    /// <summary>Tickets and chats keep a copy of the name and address they were opened with; survey invitations keep nothing but the id.</summary>
    private async Task AnonymiseContactRowsAsync(Guid accountId, CancellationToken ct)
    {
        var placeholder = $"erased-{accountId:N}@erased.invalid";
        await db.SupportTickets.Where(t => t.RequesterId == accountId)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RequesterName, FormerPatient).SetProperty(x => x.RequesterEmail, placeholder), ct);
        await db.ChatConversations.Where(c => c.CustomerId == accountId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.CustomerName, FormerPatient).SetProperty(x => x.CustomerEmail, placeholder), ct);
        // Survey answers stay in the results without the visit they were about (the invitation's account is the anonymised one).
        await db.SurveyInvitations.Where(i => i.AccountId == accountId).ExecuteUpdateAsync(i => i.SetProperty(x => x.AppointmentId, (Guid?)null), ct);
    }

    private static Recipient? Confirmation(Account account) =>
        account.EmailConfirmed && account.Email is { } email ? new Recipient(account.FullName, email, account.PreferredLanguage) : null;

    private ErasureLetter Letter(Recipient to, ErasureRequest request)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(to.Culture is "de" ? "de" : "en");
            var text = localizers.Create(typeof(PrivacyText));
            var kept = request.RetentionEndsOn is { } end
                ? text["Your medical records must be kept by law until {0} ({1} years after your last visit). They are restricted: nobody uses them except for legal claims, and they are deleted then.",
                    end.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture), options.Value.MedicalRecordRetentionYears].Value
                : text["No medical records of yours had to be kept."].Value;
            return new ErasureLetter(text["Your CareSlot account is erased"], text["Hello {0},", to.Name],
                text["as you asked, your CareSlot account is erased: your name and contact details are removed, you are signed out everywhere and your future appointments are cancelled."] + " " + kept,
                "CareSlot", text["You cannot sign in any more. This is the last e-mail we send to this address."]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An erased account's appointment {AppointmentId} was not cancelled: {Status}")]
    private static partial void NotCancelled(ILogger logger, Guid appointmentId, int status);
}
