using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CareSlot.Web.Features.HelpDesk;

/// <param name="Reason">Why support acts: the patient is sent it with the change, and it stays in the appointment's history.</param>
public sealed record SupportBookRequest(int? DoctorId, int? AppointmentTypeId, string? Start, [property: DataType(DataType.MultilineText)] string? Reason);

public sealed record SupportMoveRequest(string? Start, [property: DataType(DataType.MultilineText)] string? Reason);

public sealed record SupportCancelRequest([property: DataType(DataType.MultilineText)] string? Reason);

public sealed record SupportAppointmentResult(Guid Id, string Status, string Start, int DoctorId, int ClinicId);

/// <summary>What was sent: a new link to the unconfirmed e-mail address, a new code to the unconfirmed phone number.</summary>
public sealed record VerificationResent(bool Email, bool Sms);

/// <summary>
/// A support agent helps a patient who asked: sends their verification again, books, moves or cancels for them. The
/// appointment's own use cases do the work with the agent as <see cref="Viewer.SupportAgent"/>: the patient's deadlines and
/// limits hold, the patient and doctor get the usual messages naming support, and the audit row commits with the change.
/// </summary>
public sealed class ActForPatient(CareSlotDb db, IAuthorizationService authorization, UserManager<Account> users, EmailVerification emailVerification,
    PhoneCodes phoneCodes, BookAppointment book, RescheduleAppointment reschedule, CancelAppointment cancel, AuditTrail audit, TicketDesk desk)
{
    public async Task<Outcome<VerificationResent>> ResendVerificationAsync(ClaimsPrincipal agent, Guid accountId, CancellationToken ct)
    {
        if (await RefusedAsync(agent, accountId, SupportOperations.ResendVerification, ct) is { } refused) return refused;
        var account = (await users.FindByIdAsync(accountId.ToString()))!;
        var email = !account.EmailConfirmed && account.Email is not null;
        var sms = !account.PhoneNumberConfirmed && account.PhoneNumber is not null;
        if (!email && !sms)
        {
            return new UseCaseProblem(StatusCodes.Status409Conflict, desk.Text["Nothing to verify."],
                desk.Text["The account's e-mail address and phone number are verified already."]);
        }
        if (email) await emailVerification.SendAsync(account, ct);
        if (sms) await phoneCodes.ResendAsync(account, ct);
        await audit.RecordAsync(new AuditEvent(SupportOperations.ResendVerification.Name, AuditOutcome.Allowed, Record: $"account {accountId:D}"), ct);
        return new Outcome<VerificationResent>(new VerificationResent(email, sms), null);
    }

    public async Task<Outcome<SupportAppointmentResult>> BookAsync(ClaimsPrincipal agent, Guid patientId, SupportBookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusedAsync(agent, patientId, SupportOperations.BookForPatient, ct) is { } refused) return refused;
        if (CheckReason(request.Reason) is { } invalid) return invalid;
        var bySupport = new BookingBySupport(AgentId(agent), request.Reason!.Trim(),
            new AuditEvent(SupportOperations.BookForPatient.Name, AuditOutcome.Allowed, Record: $"account {patientId:D}"));
        // The reason for the visit is the patient's to give, not support's: the booking carries none.
        var outcome = await book.BookAsync(patientId, new BookAppointmentRequest(request.DoctorId, request.AppointmentTypeId, request.Start, Reason: null), ct,
            bySupport);
        return Result(new Outcome<Appointment>(outcome.Value?.Appointment, outcome.Problem));
    }

    public async Task<Outcome<SupportAppointmentResult>> MoveAsync(ClaimsPrincipal agent, Guid patientId, Guid appointmentId, SupportMoveRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusedAsync(agent, patientId, SupportOperations.MoveForPatient, ct) is { } refused) return refused;
        if (CheckReason(request.Reason) is { } invalid) return invalid;
        var auditEvent = new AuditEvent(SupportOperations.MoveForPatient.Name, AuditOutcome.Allowed, Record: $"appointment {appointmentId:D}");
        return Result(await reschedule.HandleAsync(Viewer.SupportAgent(AgentId(agent), patientId), appointmentId,
            new RescheduleRequest(request.Start, request.Reason), ct, auditEvent));
    }

    public async Task<Outcome<SupportAppointmentResult>> CancelAsync(ClaimsPrincipal agent, Guid patientId, Guid appointmentId, SupportCancelRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusedAsync(agent, patientId, SupportOperations.CancelForPatient, ct) is { } refused) return refused;
        if (CheckReason(request.Reason) is { } invalid) return invalid;
        var auditEvent = new AuditEvent(SupportOperations.CancelForPatient.Name, AuditOutcome.Allowed, Record: $"appointment {appointmentId:D}");
        return Result(await cancel.HandleAsync(Viewer.SupportAgent(AgentId(agent), patientId), appointmentId, new CancelAppointmentRequest(request.Reason), ct,
            auditEvent));
    }

    public UseCaseProblem NotFound() => UseCaseProblem.NotFound(desk.Text["Account not found."], desk.Text["There is no such account support can help."]);

    private async Task<UseCaseProblem?> RefusedAsync(ClaimsPrincipal agent, Guid accountId, OperationAuthorizationRequirement operation, CancellationToken ct) =>
        await SupportedAccount.FindAsync(db, accountId, ct) is { } account && (await authorization.AuthorizeAsync(agent, account, operation)).Succeeded
            ? null
            : NotFound();

    /// <summary>Support always says why they act for a patient: the patient reads it, and so does whoever audits support.</summary>
    private UseCaseProblem? CheckReason(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0) return UseCaseProblem.Invalid("reason", desk.Text["Say why you act for the patient: they are sent it."]);
        if (trimmed.Length > AppointmentChanges.ReasonMaxLength)
        {
            return UseCaseProblem.Invalid("reason", desk.Text["Keep the reason under {0} characters.", AppointmentChanges.ReasonMaxLength]);
        }
        return trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? UseCaseProblem.Invalid("reason", desk.Text["Remove the control characters from the reason."])
            : null;
    }

    private static Guid AgentId(ClaimsPrincipal agent) => Guid.Parse(agent.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private static Outcome<SupportAppointmentResult> Result(Outcome<Appointment> outcome)
    {
        if (outcome.Problem is { } problem) return problem;
        var a = outcome.Value!;
        return new Outcome<SupportAppointmentResult>(
            new SupportAppointmentResult(a.Id, StatusNames.Api(a.Status), IsoTime.Format(a.Start, DateTimeZone.Utc), a.DoctorId, a.ClinicId), null);
    }
}
